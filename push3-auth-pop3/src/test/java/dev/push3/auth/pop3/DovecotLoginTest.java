package dev.push3.auth.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.testkit.RequiresDocker;
import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.testkit.dovecot.DovecotOptions;
import dev.push3.testkit.dovecot.DovecotServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Logins over plain POP3 against the real Dovecot, with each mechanism. */
@RequiresDocker
class DovecotLoginTest {
    private static DovecotServer dovecot;

    @BeforeAll
    static void startDovecot() throws Exception {
        dovecot = DovecotServer.start(DovecotOptions.plainPasswords(
                Map.of("alice", "secret", "bob", "two words", "carol", "pw3", "dave", "pw4")).withApop().withSessionLock());
    }

    @AfterAll
    static void stopDovecot() {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "apop", "sasl-plain", "auto"})
    void acceptsTheRightPassword(String mechanism) {
        Authenticator authenticator = authenticator(Map.of("auth.pop3.mechanism", mechanism));

        assertThat(authenticator.authenticate(new Credentials("alice", "secret")))
                .isEqualTo(AuthOutcome.accepted("alice"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "apop", "sasl-plain"})
    void acceptsAPasswordWithASpace(String mechanism) {
        Authenticator authenticator = authenticator(Map.of("auth.pop3.mechanism", mechanism));

        assertThat(authenticator.authenticate(new Credentials("bob", "two words")))
                .isEqualTo(AuthOutcome.accepted("bob"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "apop", "sasl-plain"})
    void rejectsAWrongPasswordAndAnUnknownUser(String mechanism) {
        Authenticator authenticator = authenticator(Map.of("auth.pop3.mechanism", mechanism));

        assertThat(authenticator.authenticate(new Credentials("alice", "wrong"))).isEqualTo(AuthOutcome.rejected());
        assertThat(authenticator.authenticate(new Credentials("mallory", "secret"))).isEqualTo(AuthOutcome.rejected());
    }

    @Test
    void choosesApopWhenTheGreetingOffersIt() {
        Authenticator authenticator = authenticator(Map.of());

        assertThat(authenticator.authenticate(new Credentials("carol", "pw3"))).isEqualTo(AuthOutcome.accepted("carol"));
        assertThat(dovecot.logs()).contains("Login: user=<carol>, method=APOP");
    }

    @Test
    void sendsTheConfiguredMechanism() {
        authenticator(Map.of("auth.pop3.mechanism", "sasl-plain")).authenticate(new Credentials("dave", "pw4"));

        assertThat(dovecot.logs()).contains("Login: user=<dave>, method=PLAIN");
    }

    /** Requests and outcomes are the Push3 server's counters (see Push3OverPop3Test), not the plugin's. */
    @Test
    void measuresItsPop3Sessions() {
        Authenticator authenticator = authenticator(Map.of());
        authenticator.authenticate(new Credentials("alice", "secret"));
        authenticator.authenticate(new Credentials("alice", "wrong"));
        authenticator.authenticate(new Credentials("mallory", "x"));

        Map<String, java.math.BigDecimal> metrics = authenticator.metrics().asStringMap();
        assertThat(metrics).containsEntry("push3.auth.pop3.last_reachable", java.math.BigDecimal.ONE)
                .containsEntry("push3.auth.pop3.cache.hits", java.math.BigDecimal.ZERO);
        assertThat(metrics.get("push3.auth.pop3.latency.max_ms"))
                .isGreaterThanOrEqualTo(metrics.get("push3.auth.pop3.latency.avg_ms"))
                .isPositive();
    }

    @Test
    void acceptsWhileAnotherSessionHoldsTheMailbox() throws Exception {
        // pop3_lock_session=yes: Dovecot checks the password, waits 10 s for the lock, then
        // answers -ERR [IN-USE] (RFC 3206), which says the password was right.
        try (Socket holder = new Socket(InetAddress.getLoopbackAddress(), dovecot.pop3Port())) {
            var in = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = holder.getOutputStream();
            in.readLine();
            out.write("USER alice\r\nPASS secret\r\n".getBytes(StandardCharsets.US_ASCII));
            in.readLine();
            assertThat(in.readLine()).startsWith("+OK");

            Authenticator authenticator = authenticator(
                    Map.of("auth.pop3.mechanism", "user", "auth.pop3.read-timeout", "15s"));
            assertThat(authenticator.authenticate(new Credentials("alice", "secret")))
                    .isEqualTo(AuthOutcome.accepted("alice"));
            assertThat(authenticator.authenticate(new Credentials("alice", "wrong"))).isEqualTo(AuthOutcome.rejected());
            assertThat(dovecot.logs()).contains("pop3(alice)").contains("Couldn't lock POP3 session");
        }
    }

    @Test
    void endsEverySessionWithQuit() {
        Authenticator authenticator = authenticator(Map.of("auth.pop3.mechanism", "user"));
        authenticator.authenticate(new Credentials("dave", "pw4"));

        // Dovecot writes "Logged out" only when the client sent QUIT, "Connection closed" otherwise,
        // in either case just after the authenticator has gone.
        assertThat(dovecot.logsOnceMatching("pop3\\(dave\\).*Disconnected: "))
                .containsPattern("pop3\\(dave\\).*Disconnected: Logged out")
                .doesNotContainPattern("pop3\\(dave\\).*Disconnected: Connection closed");
    }

    static Authenticator authenticator(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>();
        config.put("auth.pop3.host", "127.0.0.1");
        config.put("auth.pop3.port", String.valueOf(dovecot.pop3Port()));
        config.putAll(extra);
        return new Pop3AuthenticatorProvider().create(PluginConfig.of(config));
    }
}
