package dev.push3.auth.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.PluginConfig;
import dev.push3.api.auth.Authenticator;
import dev.push3.core.client.Push3Client;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import dev.push3.core.wire.Reply;
import dev.push3.passwords.PasswordHasher;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file authenticator behind the real Push3 server, over TCP on loopback: a line made by
 * {@code push3 passwd} and one made by {@code doveadm pw} both log in, a wrong password
 * gets the protocol's FAIL, and a users file replaced by rename applies to the next
 * session, with the reload visible in METRICS.
 */
class FileAuthenticatorOverTcpTest {
    @TempDir
    Path dir;

    /**
     * "secret", hashed by {@code doveadm pw -s SHA512-CRYPT}: the SHA512-CRYPT line of
     * push3-passwords' {@code src/test/resources/doveadm/vectors.tsv}, where every scheme is checked.
     */
    private static final String DOVEADM_SHA512_LINE =
            "bob:{SHA512-CRYPT}$6$I5jiWrcvkas0Os9y$dLfhRJFbCe3ZjbvYXDQJ0gm6M5MzEQ1xQuXoCIdG5GMJBlgafKrUPjQfyRl.SulTQcYgXH0ssxyeocSFZ.BwZ/";

    private static Push3Client connect(Push3Server server) throws IOException {
        return Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(10));
    }

    @Test
    void usersFromPush3PasswdAndDoveadmLogInAndReloadsApplyToTheNextSession() throws IOException {
        Path users = Files.write(dir.resolve("users"), List.of(
                PasswordHasher.line("alice", PasswordHasher.DEFAULT_SCHEME, "pass word".toCharArray()),
                DOVEADM_SHA512_LINE));
        Authenticator authenticator = new FileAuthenticatorProvider()
                .create(PluginConfig.of(Map.of("auth.file.path", users.toString())));
        ServerSettings settings = ServerSettings.builder()
                .bind(InetAddress.getLoopbackAddress()).port(0).failureDelay(Duration.ZERO).build();

        try (authenticator; Push3Server server = Push3Server.start(settings, Backends.of("file", authenticator))) {
            try (Push3Client client = connect(server)) {
                Reply wrong = client.login("alice", "pass");
                assertThat(wrong.success()).isFalse();
                assertThat(wrong.text()).isEqualTo("invalid credentials");
                assertThat(client.login("nobody", "pass word").success()).isFalse();
                assertThat(client.login("alice", "pass word").success()).isTrue();
                Map<String, BigDecimal> metrics = client.metrics();
                assertThat(metrics).containsEntry("push3.auth.file.users", BigDecimal.valueOf(2))
                        .containsEntry("push3.auth.file.reloads", BigDecimal.ZERO)
                        .containsEntry("push3.auth.file.reload_failures", BigDecimal.ZERO);
            }
            try (Push3Client client = connect(server)) {
                assertThat(client.login("bob", "secret").success()).isTrue();
            }

            Path next = Files.write(dir.resolve("users.new"),
                    List.of(PasswordHasher.line("carol", "BLF-CRYPT", "c4r0l".toCharArray())));
            Files.move(next, users, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

            try (Push3Client client = connect(server)) {
                assertThat(client.login("alice", "pass word").success()).as("alice was removed").isFalse();
                assertThat(client.login("carol", "c4r0l").success()).isTrue();
                assertThat(client.metrics()).containsEntry("push3.auth.file.users", BigDecimal.ONE)
                        .containsEntry("push3.auth.file.reloads", BigDecimal.ONE);
            }
        }
    }
}
