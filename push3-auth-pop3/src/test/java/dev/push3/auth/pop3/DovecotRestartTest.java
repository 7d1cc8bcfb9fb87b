package dev.push3.auth.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.testkit.RequiresDocker;
import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.testkit.dovecot.DovecotOptions;
import dev.push3.testkit.dovecot.DovecotServer;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dovecot stops in the middle of the test and comes back; the authenticator follows it. */
@RequiresDocker
class DovecotRestartTest {
    private static DovecotServer dovecot;

    @BeforeAll
    static void startDovecot() throws Exception {
        dovecot = DovecotServer.start(DovecotOptions.plainPasswords(Map.of("alice", "secret")).withApop());
    }

    @AfterAll
    static void stopDovecot() {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    @Test
    void isUnavailableWhileTheServerIsDownAndRecoversWhenItIsBack() throws Exception {
        Authenticator authenticator = new Pop3AuthenticatorProvider().create(PluginConfig.of(Map.of(
                "auth.pop3.host", "127.0.0.1", "auth.pop3.port", String.valueOf(dovecot.pop3Port()))));
        Credentials alice = new Credentials("alice", "secret");
        assertThat(authenticator.authenticate(alice)).isEqualTo(AuthOutcome.accepted("alice"));

        dovecot.stopServer();
        assertThat(authenticator.authenticate(alice)).isInstanceOfSatisfying(AuthOutcome.Unavailable.class,
                u -> assertThat(u.reason()).isEqualTo("cannot connect to 127.0.0.1:" + dovecot.pop3Port()
                        + " (Connection refused)"));
        assertThat(authenticator.metrics().get("push3.auth.pop3.last_reachable")).hasValue(BigDecimal.ZERO);

        dovecot.startServer();
        assertThat(authenticator.authenticate(alice)).isEqualTo(AuthOutcome.accepted("alice"));
        assertThat(authenticator.authenticate(new Credentials("alice", "wrong"))).isEqualTo(AuthOutcome.rejected());
        assertThat(authenticator.metrics().get("push3.auth.pop3.last_reachable")).hasValue(BigDecimal.ONE);
    }
}
