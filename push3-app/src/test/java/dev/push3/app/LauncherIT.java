package dev.push3.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.core.client.Push3Client;
import dev.push3.core.client.Reply;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code bin/push3} launcher, as a user runs it: a separate process on the
 * module path (Guice, log4j and the plugins as modules), stopped with SIGTERM.
 */
class LauncherIT {
    @TempDir
    Path dir;

    @Test
    void servesOnTheModulePathAndShutsDownGracefullyOnSigterm() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "# operators\nalice:{PLAIN}secret\n");
        try (Push3Process push3 = Push3Process.launch("serve", "--users", users.toString(), "--port", "0")) {
            int port = push3.awaitPort();

            Push3Client open = Push3Client.connect("127.0.0.1", port, Duration.ofSeconds(10));
            try (Push3Client client = Push3Client.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
                assertThat(client.login("alice", "secret")).isEqualTo(new Reply.Success("logged in"));
                assertThat(client.metrics()).containsEntry("push3.logins.succeeded", BigDecimal.ONE)
                        .containsEntry("push3.connections.current", new BigDecimal(2));
                assertThat(client.send("FINISH")).isEqualTo(new Reply.Success("bye"));
            }
            assertThat(open.login("alice", "secret").success()).isTrue();

            push3.sigterm();
            assertThat(open.receive()).isEqualTo(new Reply.Fail("server shutting down"));
            push3.awaitExit(Duration.ofSeconds(20));
            assertThat(push3.stderr()).contains("Authenticator 'file' from module dev.push3.auth.file", "Push3 stopped")
                    .doesNotContain("secret");
            open.close();
        }
    }

    @Test
    void aConfigurationErrorExitsWithStatus2AndOneClearLine() throws Exception {
        try (Push3Process push3 = Push3Process.launch("serve", "--port", "0", "--users", dir.resolve("absent").toString())) {
            assertThat(push3.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(push3.stderr()).contains("push3: configuration error: auth.file.path");
        }
    }
}
