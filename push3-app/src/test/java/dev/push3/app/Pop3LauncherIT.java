package dev.push3.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.core.client.Push3Client;
import dev.push3.core.wire.Reply;
import dev.push3.testkit.RequiresDocker;
import dev.push3.testkit.dovecot.DovecotOptions;
import dev.push3.testkit.dovecot.DovecotServer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code push3 serve} with {@code auth.backend=pop3}, from the packaged launcher on the
 * module path (the plugin loaded from {@code plugins/}), logging Dovecot's users in against
 * the real Dovecot in a container.
 */
@RequiresDocker
class Pop3LauncherIT {
    @TempDir
    Path dir;

    @Test
    void acceptsDovecotsUsersEndToEnd() throws Exception {
        try (DovecotServer dovecot = DovecotServer.start(
                DovecotOptions.plainPasswords(Map.of("alice", "secret")).withApop().withTls())) {
            Path config = Files.writeString(dir.resolve("push3.properties"), """
                    auth.backend=pop3
                    auth.pop3.host=127.0.0.1
                    auth.pop3.port=%d
                    auth.pop3.tls=starttls
                    auth.pop3.truststore=%s
                    auth.pop3.verify-hostname=false
                    auth.failure-delay=0s
                    """.formatted(dovecot.pop3Port(),
                    Files.writeString(dir.resolve("ca.pem"), dovecot.certificate().certificatePem())));
            try (Push3Process push3 = Push3Process.launch("serve", "--config", config.toString(), "--port", "0");
                 Push3Client client = Push3Client.connect("127.0.0.1", push3.awaitPort(), Duration.ofSeconds(10))) {
                assertThat(client.login("alice", "wrong")).isEqualTo(new Reply.Fail("invalid credentials"));
                assertThat(client.login("alice", "secret")).isEqualTo(new Reply.Success("logged in"));
                assertThat(client.metrics()).containsEntry("push3.logins.succeeded", BigDecimal.ONE)
                        .containsEntry("push3.logins.failed", BigDecimal.ONE)
                        .containsEntry("push3.auth.pop3.last_reachable", BigDecimal.ONE);
                assertThat(push3.stderr()).contains("Authenticator 'pop3' from module dev.push3.auth.pop3");
            }
        }
    }
}
