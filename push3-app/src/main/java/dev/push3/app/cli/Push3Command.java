package dev.push3.app.cli;

import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import dev.push3.api.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code push3} command; its subcommands do the work. */
@Command(name = "push3",
        mixinStandardHelpOptions = true,
        versionProvider = Push3Command.Version.class,
        description = "Push3: read a POP3 server's metrics over the Push3 protocol.")
public final class Push3Command {
    /** Exit status for a configuration error. */
    public static final int EXIT_CONFIG = 2;
    /** Exit status for a runtime failure such as a port in use. */
    public static final int EXIT_FAILURE = 1;

    /**
     * The subcommands, in the order {@code push3 --help} lists them. Registered here rather than
     * in {@code @Command(subcommands)} so that a run can build only the one it invokes: picocli
     * reads each command class by reflection, which for all of them was a sixth of the time
     * {@code push3 serve} takes to serve its first connection (docs/PERFORMANCE.md, "Start-up").
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ServeCommand.class, PasswdCommand.class,
            PluginsCommand.class, ClientCommand.class, MetricsCommand.class, CheckCommand.class, ExporterCommand.class,
            ConfigCommand.class, BenchCommand.class, CommandLine.HelpCommand.class);

    /**
     * Returns the command line with every subcommand, with errors turned into one clear line on
     * stderr.
     *
     * @return a new command line; never null
     */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS);
    }

    /**
     * Returns a command line that runs {@code args} as {@link #commandLine()} would: with only
     * the subcommand that {@code args[0]} names, if it names one other than {@code help}, else
     * with all of them (so {@code push3}, {@code push3 --help}, {@code push3 help serve}, an
     * unknown name and its "did you mean" suggestion are as with all of them).
     *
     * @param args the command line it is to run; not null
     * @return a new command line; never null
     */
    public static CommandLine commandLine(String... args) {
        if (args.length > 0 && !args[0].equals("help")) {
            for (Class<?> subcommand : SUBCOMMANDS) {
                if (subcommand.getAnnotation(Command.class).name().equals(args[0])) {
                    return commandLine(List.of(subcommand));
                }
            }
        }
        return commandLine();
    }

    private static CommandLine commandLine(List<Class<?>> subcommands) {
        CommandLine commandLine = new CommandLine(new Push3Command());
        subcommands.forEach(commandLine::addSubcommand);
        CommandLine.IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
        // push3 check is a monitoring plugin: even a usage error is one UNKNOWN status line on stdout.
        commandLine.setParameterExceptionHandler((e, args) -> e.getCommandLine().getCommand() instanceof CheckCommand
                ? CheckCommand.usageError(e) : usage.handleParseException(e, args));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable cause = unwrap(e);
            if (cause instanceof ConfigException config) {
                cmd.getErr().println("push3: configuration error: " + config.getMessage());
                return EXIT_CONFIG;
            }
            cmd.getErr().println("push3: " + cause.getMessage());
            return EXIT_FAILURE;
        });
        return commandLine;
    }

    /** Guice wraps what a provider method throws; the operator needs the original. */
    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ProvisionException || t instanceof CreationException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ProvisionException p && !p.getErrorMessages().isEmpty()
                && p.getErrorMessages().iterator().next().getCause() != null) {
            return p.getErrorMessages().iterator().next().getCause();
        }
        if (t instanceof CreationException c && !c.getErrorMessages().isEmpty()
                && c.getErrorMessages().iterator().next().getCause() != null) {
            return c.getErrorMessages().iterator().next().getCause();
        }
        return t;
    }

    /** The version the build wrote into {@value #RESOURCE} (a Maven-filtered resource). */
    static final class Version implements CommandLine.IVersionProvider {
        static final String RESOURCE = "version.properties";

        @Override
        public String[] getVersion() throws IOException {
            Properties build = new Properties();
            try (InputStream in = Push3Command.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IOException(RESOURCE + " is missing from the push3-app jar; rebuild it with Maven");
                }
                build.load(in);
            }
            return new String[] {"push3 " + build.getProperty("version")};
        }
    }
}
