package dev.push3.auth.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.core.server.Push3Server;
import dev.push3.testkit.RequiresDocker;
import dev.push3.testkit.dovecot.DovecotOptions;
import dev.push3.testkit.dovecot.DovecotServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dovecot's default {@code disable_plaintext_auth = yes} on a connection it does not count
 * as secured (Push3 on 127.0.0.1, Dovecot on 127.0.0.2): a configuration problem, not wrong
 * passwords.
 */
@RequiresDocker
class DovecotPlaintextTest {
    private static DovecotServer dovecot;
    private static Path trustedPem;

    @BeforeAll
    static void startDovecot(@TempDir Path dir) throws Exception {
        dovecot = DovecotServer.start(DovecotOptions.plainPasswords(Map.of("alice", "secret"))
                .listeningOn("127.0.0.2").withoutPlaintextAuth().withTls());
        trustedPem = Files.writeString(dir.resolve("pop3-ca.pem"), dovecot.certificate().certificatePem());
    }

    @AfterAll
    static void stopDovecot() {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    @Test
    void isUnavailableAndNamesTheSettingThatFixesIt() {
        AuthOutcome outcome = authenticator(Map.of()).authenticate(new Credentials("alice", "secret"));

        assertThat(outcome).isEqualTo(AuthOutcome.unavailable("127.0.0.2:" + dovecot.pop3Port() + " (CAPA): no login"
                + " mechanism offered: CAPA lists neither USER nor SASL PLAIN and the greeting has no APOP timestamp;"
                + " a server that refuses clear-text passwords without TLS does this (Dovecot:"
                + " disable_plaintext_auth=yes): set auth.pop3.tls=starttls or implicit"));
    }

    @Test
    void neverCountsAsAFailedLogin() throws Exception {
        try (Push3Server push3 = Push3Fixtures.push3(authenticator(Map.of()), 3);
                var client = LoopbackClient.connect("127.0.0.2", push3.port())) {
            for (int i = 0; i < 4; i++) {
                assertThat(client.login("alice", "secret"))
                        .isEqualTo("->FAIL: authentication backend unavailable, try again later");
            }
        }
    }

    @Test
    void logsInOnceTheNamedSettingIsSet() {
        Authenticator authenticator = authenticator(Map.of("auth.pop3.tls", "starttls",
                "auth.pop3.truststore", trustedPem.toString(), "auth.pop3.verify-hostname", "false"));

        assertThat(authenticator.authenticate(new Credentials("alice", "secret"))).isEqualTo(AuthOutcome.accepted("alice"));
    }

    private static Authenticator authenticator(Map<String, String> extra) {
        return Push3Fixtures.pop3(dovecot, extra);
    }
}
