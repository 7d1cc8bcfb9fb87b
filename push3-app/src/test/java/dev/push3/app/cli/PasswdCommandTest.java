package dev.push3.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.core.client.Push3Client;
import dev.push3.core.server.Push3Server;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code push3 passwd} with the password piped in; its line logs in through {@code push3 serve}. */
class PasswdCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int passwd(String stdin, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            CommandLine commandLine = Push3Command.commandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            return commandLine.execute(args);
        } finally {
            System.setIn(saved);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ARGON2ID", "BLF-CRYPT", "SHA512-CRYPT"})
    void printsALineThatLogsIn(String scheme) throws IOException {
        assertThat(passwd("pass with spaces\n", "passwd", "--scheme", scheme, "alice")).isZero();
        String line = out.toString().strip();
        assertThat(line).startsWith("alice:{" + scheme + "}").doesNotContain("pass with spaces");
        Path users = Files.writeString(dir.resolve("users"), line + "\n");

        CommandLine.ParseResult parsed = Push3Command.commandLine().parseArgs("serve", "--users", users.toString(), "--port", "0");
        ServeCommand serve = parsed.subcommand().commandSpec().commandLine().getCommand();
        try (Push3Server server = serve.start();
             Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(10))) {
            assertThat(client.login("alice", "pass with").success()).isFalse();
            assertThat(client.login("alice", "pass with spaces").success()).isTrue();
        }
    }

    @Test
    void defaultSchemeIsArgon2id() {
        assertThat(passwd("pw\n", "passwd", "bob")).isZero();
        assertThat(out.toString()).startsWith("bob:{ARGON2ID}$argon2id$");
    }

    @Test
    void noPasswordAndBadInputAreRefusedWithoutOutput() {
        assertThat(passwd("", "passwd", "bob")).isEqualTo(1);
        assertThat(err.toString()).contains("no password given");
        assertThat(passwd("pw\n", "passwd", "--scheme", "MD5", "bob")).isEqualTo(2);
        assertThat(passwd("pw\n", "passwd", "bad:user")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
    }
}
