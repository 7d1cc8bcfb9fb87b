package dev.push3.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.push3.testkit.IntegrationGate;
import dev.push3.testkit.RequiresProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords typed at a real (pseudo-)terminal while standard output goes to a file, the one
 * case where the JDK offers no console and the launcher must turn echo off itself. Each
 * answer is typed only once its prompt shows, that is after echo was turned off, so any
 * echo of it would show on the terminal.
 */
@RequiresProgram(value = "script", hint = "apt-get install bsdutils")
class TerminalPasswordIT {
    private static final String PASSWORD = "s3cret pass";

    @TempDir
    Path dir;

    @BeforeEach
    void scriptMakesTerminals() {
        IntegrationGate.requireProgram("script", "apt-get install bsdutils");
    }

    @Test
    void passwdAsksTwiceWithoutEchoAndWritesTheLineToTheFile() throws Exception {
        Path users = dir.resolve("users");
        try (Push3Process passwd = Push3Process.onTerminal(users, "passwd", "--scheme", "PLAIN", "alice")) {
            passwd.awaitOutput("Password for alice: ");
            passwd.type(PASSWORD);
            passwd.awaitOutput("Retype password: ");
            passwd.type(PASSWORD);
            assertThat(passwd.awaitExit(Duration.ofSeconds(30))).as(passwd.stdout()).isZero();
            assertThat(passwd.stdout()).doesNotContain("s3cret");
        }
        assertThat(Files.readString(users)).isEqualTo("alice:{PLAIN}" + PASSWORD + "\n");
    }

    @Test
    void passwdPrintsNothingWhenTheEntriesDiffer() throws Exception {
        Path users = dir.resolve("users");
        try (Push3Process passwd = Push3Process.onTerminal(users, "passwd", "alice")) {
            passwd.awaitOutput("Password for alice: ");
            passwd.type(PASSWORD);
            passwd.awaitOutput("Retype password: ");
            passwd.type(PASSWORD + "!");
            assertThat(passwd.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(passwd.stdout()).contains("push3 passwd: the two passwords differ; nothing was printed")
                    .doesNotContain("s3cret");
        }
        assertThat(Files.readString(users)).isEmpty();
    }

    @Test
    void clientOnATerminalEndsRightAfterQuitWithoutAnotherEnter() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}" + PASSWORD + "\n");
        Path replies = dir.resolve("replies");
        try (Push3Process server = Push3Process.launch("serve", "--users", users.toString(), "--port", "0")) {
            String port = Integer.toString(server.awaitPort());
            try (Push3Process client = Push3Process.onTerminal(replies, "client", "-p", port)) {
                client.awaitOutput("Connected to 127.0.0.1:" + port);
                client.type("CAPA");
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(replies).contains("CAPA FINISH"));
                client.type("QUIT");
                // No further line is typed: the command must end on its own after the bye.
                assertThat(client.awaitExit(Duration.ofSeconds(30))).as(client.stdout()).isZero();
            }
        }
        assertThat(Files.readString(replies)).endsWith("->SUCCESS: bye\n");
    }

    @Test
    void metricsAsksOnceWithoutEchoWhenItsOutputGoesToAFile() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}" + PASSWORD + "\n");
        Path metrics = dir.resolve("metrics.json");
        try (Push3Process server = Push3Process.launch("serve", "--users", users.toString(), "--port", "0")) {
            String port = Integer.toString(server.awaitPort());
            try (Push3Process client = Push3Process.onTerminal(metrics, "metrics", "-p", port, "-u", "alice",
                    "--format", "json")) {
                client.awaitOutput("Password for alice at 127.0.0.1:" + port + ": ");
                client.type(PASSWORD);
                assertThat(client.awaitExit(Duration.ofSeconds(30))).as(client.stdout()).isZero();
                assertThat(client.stdout()).doesNotContain("s3cret");
            }
        }
        assertThat(Files.readString(metrics)).contains("\"push3.logins.succeeded\":1");
    }
}
