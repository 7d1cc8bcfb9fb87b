package dev.push3.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import picocli.CommandLine;

/**
 * {@code push3} builds only the subcommand it runs ({@link Push3Command#commandLine(String...)}):
 * whatever the command line, what it prints and its exit status are those of the command line
 * with every subcommand.
 */
class Push3CommandTest {
    private static final List<String> SUBCOMMANDS =
            List.of("serve", "passwd", "plugins", "client", "metrics", "check", "exporter", "config", "bench", "help");

    /** Standard output, standard error and exit status of one run. */
    private record Run(String out, String err, int status) {
    }

    private static Run run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new Run(out.toString(), err.toString(), status);
    }

    /** Command lines that print help, a version or a usage error, and exit without doing any work. */
    @ParameterizedTest
    @ValueSource(strings = {"", "--help", "-h", "--version", "-V", "nosuch", "sreve", "help", "help serve", "help nosuch",
        "--help serve", "serve --help", "serve -V", "serve --nosuch", "serve --port", "serve extra",
        "check", "check --help", "check --nosuch", "passwd --help", "plugins --nosuch", "client --help", "metrics",
        "exporter --help", "config", "bench --help"})
    void printsAndExitsAsTheCommandLineWithEverySubcommand(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");

        Run only = run(Push3Command.commandLine(args), args);

        assertThat(only).isEqualTo(run(Push3Command.commandLine(), args));
    }

    @Test
    void aSubcommandIsBuiltAloneButHelpAndUnknownNamesGetThemAll() {
        assertThat(Push3Command.commandLine("serve", "--port", "0").getSubcommands()).containsOnlyKeys("serve");
        assertThat(Push3Command.commandLine("check").getSubcommands()).containsOnlyKeys("check");
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"help", "serve"},
                new String[] {"nosuch"}, new String[] {"--version", "serve"})) {
            assertThat(Push3Command.commandLine(args).getSubcommands().keySet()).containsExactlyElementsOf(SUBCOMMANDS);
        }
    }

    /**
     * {@code push3 serve} starts logging on another thread while picocli makes these classes
     * (dev.push3.app.Logging): a logger they made as they are initialised would be one made
     * while logging starts, a substitute or one of log4j's default configuration, which loses
     * or reformats the first records.
     */
    @Test
    void theClassesPicocliMakesForServeAskForNoLoggerAsTheyAreInitialised() {
        for (Class<?> made : List.of(Push3Command.class, ServeCommand.class)) {
            assertThat(Arrays.stream(made.getDeclaredFields()))
                    .as(made.getName())
                    .noneMatch(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == Logger.class);
        }
    }

    @Test
    void helpListsEverySubcommand() {
        Run help = run(Push3Command.commandLine("--help"), "--help");

        assertThat(help.status()).isZero();
        assertThat(help.out().lines().filter(l -> l.startsWith("  ")).map(l -> l.trim().split(" ")[0]))
                .containsSubsequence(SUBCOMMANDS);
    }

    @Test
    void anUnknownSubcommandIsAUsageErrorThatSuggestsTheNearestName() {
        Run typo = run(Push3Command.commandLine("sreve"), "sreve");

        assertThat(typo.status()).isEqualTo(2);
        assertThat(typo.err()).startsWith("Unmatched argument at index 0: 'sreve'").contains("push3 serve");
    }

    @Test
    void aUsageErrorOfCheckIsStillOneUnknownLine() {
        Run check = run(Push3Command.commandLine("check", "--nosuch"), "check", "--nosuch");

        assertThat(check.status()).isEqualTo(3);
        assertThat(check.out()).startsWith("PUSH3 UNKNOWN - bad usage: ").hasLineCount(1);
    }
}
