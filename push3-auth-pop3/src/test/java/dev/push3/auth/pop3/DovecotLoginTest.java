package dev.push3.auth.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.core.server.Push3Server;
import dev.push3.testkit.RequiresDocker;
import dev.push3.testkit.dovecot.DovecotOptions;
import dev.push3.testkit.dovecot.DovecotServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Logins over plain POP3 against the real Dovecot, with each mechanism. */
@RequiresDocker
class DovecotLoginTest {
    /** {@code doveadm pw -s SHA512-CRYPT -p hashed-pw5}: Dovecot cannot check APOP against it. */
    private static final String ERIN_HASH = "{SHA512-CRYPT}$6$ARE8dVfC2tUshTPE$GliOr3c5I8RX55bq7PmM7ESaiRKvUHiNxL3YZAJ"
            + "xItPpTOh3cTYNevkB/YoG8HGnJxQ6US.q279wLt0NlUyFg/";
    private static DovecotServer dovecot;

    @BeforeAll
    static void startDovecot() throws Exception {
        String plain = DovecotOptions.plainPasswords(
                Map.of("alice", "secret", "bob", "two words", "carol", "pw3", "dave", "pw4")).usersFile();
        dovecot = DovecotServer.start(DovecotOptions.usersFile(plain + "erin:" + ERIN_HASH + "\n").withApop().withSessionLock());
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

    /** auth_mechanisms = plain apop, and a password stored hashed: APOP offered, and refused for this user. */
    @Test
    void logsInWithAHashedPasswordWhenApopCannotCheckIt() {
        Authenticator authenticator = authenticator(Map.of());

        assertThat(authenticator.authenticate(new Credentials("erin", "hashed-pw5"))).isEqualTo(AuthOutcome.accepted("erin"));
        assertThat(authenticator.authenticate(new Credentials("erin", "wrong"))).isEqualTo(AuthOutcome.rejected());
        assertThat(dovecot.logsOnceMatching("Login: user=<erin>")).contains("Login: user=<erin>, method=PLAIN");
    }

    /** Two refusals at Dovecot (APOP, then PLAIN) are one failed LOGIN at Push3. */
    @Test
    void countsAWrongHashedPasswordOnce() throws Exception {
        try (Push3Server push3 = Push3Fixtures.push3(authenticator(Map.of()), 2);
                var client = LoopbackClient.connect("127.0.0.2", push3.port())) {
            assertThat(client.login("erin", "wrong-1")).isEqualTo("->FAIL: invalid credentials");
            assertThat(client.login("erin", "hashed-pw5")).isEqualTo("->SUCCESS: logged in");
        }
    }

    static Authenticator authenticator(Map<String, String> extra) {
        return Push3Fixtures.pop3(dovecot, extra);
    }
}
