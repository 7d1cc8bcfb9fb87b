package dev.push3.auth.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client against scripted servers over real loopback sockets: each way a server can
 * fail or surprise, and what the authenticator makes of it.
 */
class MisbehavingServerTest {
    private static final String GREETING = "+OK ready";
    private static final Credentials ALICE = new Credentials("alice", "s3cret-pw");
    /** The answer of a server that knows only RFC 1939 to CAPA. */
    static final String NO_CAPA = "-ERR unknown command";
    /**
     * Only a "did not wait for the hang" check, far above the read timeouts used here: a
     * client without its deadline would wait for the scripted server's minute, or for ever.
     */
    private static final Duration HANG_NOT_WAITED_FOR = Duration.ofSeconds(30);

    /** The peer's sleeps below play a server that hangs (a minute) or drips; nothing waits on them. */
    @Test
    void timesOutOnAServerThatNeverAnswers() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> Thread.sleep(60_000))) {
            long start = System.nanoTime();
            AuthOutcome outcome = assertTimeoutPreemptively(HANG_NOT_WAITED_FOR,
                    () -> authenticator(server, Map.of("auth.pop3.read-timeout", "300ms")).authenticate(ALICE));

            assertThat(outcome).isEqualTo(AuthOutcome.unavailable(
                    "no reply from 127.0.0.1:" + server.port() + " within 300ms (greeting)"));
            // A lower bound only: it did wait for the read timeout (upper bounds vary with the machine's load).
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        }
    }

    @Test
    void boundsTheWholeReplyNotEachByte() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            while (true) { // one byte every 50 ms, for ever: a deadline per read would never expire
                peer.sendRaw("+");
                Thread.sleep(50);
            }
        })) {
            AuthOutcome outcome = assertTimeoutPreemptively(HANG_NOT_WAITED_FOR,
                    () -> authenticator(server, Map.of("auth.pop3.read-timeout", "400ms")).authenticate(ALICE));

            assertThat(outcome).isEqualTo(AuthOutcome.unavailable(
                    "no reply from 127.0.0.1:" + server.port() + " within 400ms (greeting)"));
        }
    }

    @Test
    void isUnavailableWhenTheGreetingIsErr() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> peer.send("-ERR too busy"))) {
            Authenticator authenticator = authenticator(server, Map.of());

            assertThat(authenticator.authenticate(ALICE)).isEqualTo(AuthOutcome.unavailable(
                    "127.0.0.1:" + server.port() + " (greeting): greeting is not +OK"));
            assertThat(authenticator.metrics().get("push3.auth.pop3.last_reachable")).hasValue(BigDecimal.ZERO);
        }
    }

    @Test
    void isUnavailableOnGarbage() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> peer.send("HTTP/1.1 400 Bad Request\u0007"))) {
            assertThat(authenticator(server, Map.of()).authenticate(ALICE)).isEqualTo(AuthOutcome.unavailable(
                    "127.0.0.1:" + server.port() + " (greeting): not a POP3 reply: 'HTTP/1.1 400 Bad Request?'"));
        }
    }

    @Test
    void isUnavailableWhenTheServerHangsUpBeforeThePassword() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(GREETING);
            peer.replies(NO_CAPA);
            peer.read();
        })) {
            assertThat(authenticator(server, Map.of("auth.pop3.mechanism", "user")).authenticate(ALICE))
                    .isEqualTo(AuthOutcome.unavailable("127.0.0.1:" + server.port() + " closed the connection (USER)"));
        }
    }

    @Test
    void treatsATemporaryServerFailureAsUnavailableNotAsAWrongPassword() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(GREETING);
            peer.answer(NO_CAPA, "+OK", "-ERR [SYS/TEMP] mail storage offline");
        })) {
            assertThat(authenticator(server, Map.of("auth.pop3.mechanism", "user")).authenticate(ALICE))
                    .isEqualTo(AuthOutcome.unavailable("server could not check the password after PASS: -ERR [SYS/TEMP]"));
        }
    }

    @Test
    void acceptsInUseAfterThePasswordWasChecked() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(GREETING);
            peer.answer(NO_CAPA, "+OK", "-ERR [IN-USE] mailbox locked by another session");
        })) {
            assertThat(authenticator(server, Map.of("auth.pop3.mechanism", "user")).authenticate(ALICE))
                    .isEqualTo(AuthOutcome.accepted("alice"));
        }
    }

    /** RFC 2449/3206 define IN-USE after PASS, APOP or AUTH only: after USER no password was checked. */
    @Test
    void rejectsInUseAnsweredToUserWithoutSendingThePassword() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(GREETING);
            peer.answer(NO_CAPA, "-ERR [IN-USE] mailbox locked");
        })) {
            assertThat(authenticator(server, Map.of("auth.pop3.mechanism", "user")).authenticate(ALICE))
                    .isEqualTo(AuthOutcome.rejected());
            assertThat(server.received()).containsExactly("CAPA", "USER alice", "QUIT");
        }
    }

    @Test
    void isUnavailableWhenUserMeetsATemporaryServerFailure() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(GREETING);
            peer.answer(NO_CAPA, "-ERR [SYS/TEMP] user database offline");
        })) {
            assertThat(authenticator(server, Map.of("auth.pop3.mechanism", "user")).authenticate(ALICE))
                    .isEqualTo(AuthOutcome.unavailable(
                            "server could not check the password after USER: -ERR [SYS/TEMP] user database offline"));
        }
    }

    @Test
    void rejectsOnPlainErrAndStillSaysQuit() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(GREETING);
            peer.answer(NO_CAPA, "+OK", "-ERR [AUTH] nope");
        })) {
            assertThat(authenticator(server, Map.of("auth.pop3.mechanism", "user")).authenticate(ALICE))
                    .isEqualTo(AuthOutcome.rejected());
            assertThat(server.received()).containsExactly("CAPA", "USER alice", "PASS s3cret-pw", "QUIT");
        }
    }

    @Test
    void neverPutsTheSaslResponseInAReasonEither() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(GREETING);
            peer.read();
            peer.send("+OK\r\nSASL PLAIN\r\n.");
            peer.send("-ERR [SYS/PERM] cannot decode " + peer.read().substring("AUTH PLAIN ".length()));
        })) {
            AuthOutcome outcome = authenticator(server, Map.of("auth.pop3.mechanism", "sasl-plain")).authenticate(ALICE);

            assertThat(outcome).isEqualTo(AuthOutcome.unavailable(
                    "server could not check the password after AUTH PLAIN: -ERR [SYS/PERM]"));
        }
    }

    /**
     * Our own wording must read the same whatever the password was: no part of a reason may
     * come from the password, or depend on where it occurs in the server's text.
     */
    @Test
    void anOutcomeDoesNotDependOnThePassword() throws Exception {
        List<ScriptedPop3Server.Script> failures = List.of(
                peer -> {
                    peer.send(GREETING);
                    peer.answer(NO_CAPA, "+OK", "-ERR [SYS/TEMP] cannot reconnect to the user database");
                },
                peer -> {
                    peer.send(GREETING);
                    peer.replies(NO_CAPA, "+OK");
                    peer.send("?? connection reset, try again after " + peer.read());
                },
                peer -> {
                    peer.send(GREETING);
                    peer.replies(NO_CAPA, "+OK");
                    peer.read();
                    Thread.sleep(60_000); // a server that never answers PASS; nothing waits for this sleep
                });
        for (ScriptedPop3Server.Script failure : failures) {
            try (var server = ScriptedPop3Server.start(failure)) {
                Authenticator authenticator = authenticator(server,
                        Map.of("auth.pop3.mechanism", "user", "auth.pop3.read-timeout", "300ms"));
                AuthOutcome baseline = authenticator.authenticate(new Credentials("alice", "zq-unrelated-9"));
                for (String password : List.of("e", "connect", "PASS", "after", "127.0.0.1", "300ms")) {
                    assertThat(authenticator.authenticate(new Credentials("alice", password)))
                            .as("the outcome for password %s", password).isEqualTo(baseline);
                }
            }
        }
    }

    @Test
    void choosesSaslPlainWhenCapaListsItAndTheGreetingHasNoTimestamp() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(GREETING);
            peer.answer("+OK\r\nUSER\r\nSASL CRAM-MD5 PLAIN\r\n.", "+OK welcome");
        })) {
            assertThat(authenticator(server, Map.of()).authenticate(ALICE)).isEqualTo(AuthOutcome.accepted("alice"));
            String response = Base64.getEncoder().encodeToString("\0alice\0s3cret-pw".getBytes(StandardCharsets.UTF_8));
            assertThat(server.received()).containsExactly("CAPA", "AUTH PLAIN " + response, "QUIT");
        }
    }

    @Test
    void fallsBackToUserAndPassWithoutCapa() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(GREETING);
            peer.answer("-ERR unknown command", "+OK", "+OK welcome");
        })) {
            assertThat(authenticator(server, Map.of()).authenticate(ALICE)).isEqualTo(AuthOutcome.accepted("alice"));
            assertThat(server.received()).containsExactly("CAPA", "USER alice", "PASS s3cret-pw", "QUIT");
        }
    }

    @Test
    void sendsTheRfc1939ApopDigest() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>");
            peer.answer(NO_CAPA, "+OK maildrop has 1 message");
        })) {
            assertThat(authenticator(server, Map.of()).authenticate(new Credentials("mrose", "tanstaaf")))
                    .isEqualTo(AuthOutcome.accepted("mrose"));
            // The example of RFC 1939 section 7.
            assertThat(server.received()).containsExactly("CAPA", "APOP mrose c4c9334bac560ecc979e58001b3e22fb", "QUIT");
        }
    }

    @Test
    void doesNotSendThePasswordWhenTheConfiguredMechanismIsMissing() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(GREETING);
            peer.answer("+OK\r\nUSER\r\n.");
        })) {
            assertThat(authenticator(server, Map.of("auth.pop3.mechanism", "sasl-plain")).authenticate(ALICE))
                    .isEqualTo(AuthOutcome.unavailable("127.0.0.1:" + server.port()
                            + " (CAPA): auth.pop3.mechanism=sasl-plain but CAPA does not list SASL PLAIN; a server that"
                            + " refuses clear-text passwords without TLS does this (Dovecot: disable_plaintext_auth=yes):"
                            + " set auth.pop3.tls=starttls or implicit"));
            assertThat(server.received()).containsExactly("CAPA", "QUIT");
        }
    }

    @Test
    void refusesDataInjectedBeforeTheTlsHandshake() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(GREETING);
            peer.read();
            peer.sendRaw("+OK begin TLS\r\n+OK injected\r\n");
            peer.read();
        })) {
            assertThat(authenticator(server, Map.of("auth.pop3.tls", "starttls")).authenticate(ALICE))
                    .isEqualTo(AuthOutcome.unavailable("127.0.0.1:" + server.port()
                            + " (TLS handshake after STLS): server sent data after the STLS reply, before the TLS handshake"));
        }
    }

    @Test
    void rejectsCredentialsThatWouldBreakTheCommandLineWithoutConnecting() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> peer.send(GREETING))) {
            Authenticator authenticator = authenticator(server, Map.of());

            assertThat(authenticator.authenticate(new Credentials("alice\r\nDELE 1", "x"))).isEqualTo(AuthOutcome.rejected());
            assertThat(authenticator.authenticate(new Credentials("alice", "x\r\nDELE 1"))).isEqualTo(AuthOutcome.rejected());
            assertThat(server.connections()).isZero();
        }
    }

    @Test
    void remembersASuccessfulLoginButNeverARejectedOne() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(GREETING);
            peer.replies(NO_CAPA, "+OK");
            peer.send(peer.read().equals("PASS s3cret-pw") ? "+OK" : "-ERR [AUTH] no");
            peer.read();
            peer.send("+OK bye");
        })) {
            Authenticator authenticator = authenticator(server,
                    Map.of("auth.pop3.mechanism", "user", "auth.pop3.cache-ttl", "10m"));

            assertThat(authenticator.authenticate(ALICE)).isEqualTo(AuthOutcome.accepted("alice"));
            assertThat(authenticator.authenticate(ALICE)).isEqualTo(AuthOutcome.accepted("alice"));
            assertThat(authenticator.authenticate(new Credentials("alice", "wrong"))).isEqualTo(AuthOutcome.rejected());
            assertThat(authenticator.authenticate(new Credentials("alice", "wrong"))).isEqualTo(AuthOutcome.rejected());

            assertThat(server.connections()).isEqualTo(3);
            assertThat(authenticator.metrics().get("push3.auth.pop3.cache.hits")).hasValue(BigDecimal.ONE);
        }
    }

    /**
     * Requests and outcomes are counted by the Push3 server for every backend under the same
     * names, and the server's win: the plugin publishing them too would only be dead weight.
     */
    @Test
    void publishesOnlyTheCountersTheServerCannotKnow() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(GREETING);
            peer.answer(NO_CAPA, "+OK", "-ERR [AUTH] no");
        })) {
            Authenticator authenticator = authenticator(server, Map.of("auth.pop3.mechanism", "user"));
            authenticator.authenticate(ALICE);

            assertThat(authenticator.metrics().asStringMap()).containsOnlyKeys(
                    "push3.auth.pop3.cache.hits", "push3.auth.pop3.latency.avg_ms",
                    "push3.auth.pop3.latency.max_ms", "push3.auth.pop3.last_reachable",
                    "push3.auth.pop3.sessions.active");
        }
    }

    /**
     * AOL closed the connection after a wrong password without a reply: were that
     * "unavailable", every guess would be free (no failure delay, no count).
     */
    @Test
    void countsAHangUpAfterTheCredentialsAsAFailedLogin() throws Exception {
        List<Map<String, String>> mechanisms = List.of(Map.of("auth.pop3.mechanism", "user"),
                Map.of("auth.pop3.mechanism", "sasl-plain"), Map.of("auth.pop3.mechanism", "apop"));
        for (Map<String, String> mechanism : mechanisms) {
            try (var server = ScriptedPop3Server.start(peer -> {
                peer.send("+OK ready <1.2@example.org>");
                peer.replies("+OK\r\nUSER\r\nSASL PLAIN\r\n.");
                if (peer.read().startsWith("USER")) {
                    peer.send("+OK");
                    peer.read();
                }
            })) {
                assertThat(authenticator(server, mechanism).authenticate(ALICE)).as("%s", mechanism)
                        .isEqualTo(AuthOutcome.rejected());
            }
        }
    }

    /** Garbage after the password is no verdict either, and must not be a free answer. */
    @Test
    void countsGarbageAfterTheCredentialsAsAFailedLogin() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(GREETING);
            peer.answer(NO_CAPA, "+OK", "HTTP/1.1 400 Bad Request");
        })) {
            assertThat(authenticator(server, Map.of()).authenticate(ALICE)).isEqualTo(AuthOutcome.rejected());
        }
    }

    /** A server slowed by its own penalty has not answered yet: that is no failed login. */
    @Test
    void staysUnavailableWhenTheVerdictIsLate() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(GREETING);
            peer.replies(NO_CAPA, "+OK");
            peer.read();
            Thread.sleep(60_000); // the verdict comes too late; nothing waits for this sleep
        })) {
            assertThat(authenticator(server, Map.of("auth.pop3.read-timeout", "300ms")).authenticate(ALICE))
                    .isEqualTo(AuthOutcome.unavailable("no reply from 127.0.0.1:" + server.port() + " within 300ms (PASS)"));
        }
    }

    /** Through the Push3 server: a hang-up after PASS is a failed LOGIN, so max-failures ends the session. */
    @Test
    void aHangUpAfterThePasswordCountsTowardsMaxFailures() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
                    peer.send(GREETING);
                    peer.replies(NO_CAPA, "+OK");
                    peer.read();
                });
                var push3 = Push3Fixtures.push3(authenticator(server, Map.of()));
                var client = LoopbackClient.connect("127.0.0.2", push3.port())) {
            assertThat(client.login("alice", "guess-1")).isEqualTo("->FAIL: invalid credentials");
            assertThat(client.login("alice", "guess-2")).isEqualTo("->FAIL: invalid credentials");
            assertThat(client.login("alice", "guess-3")).isEqualTo("->FAIL: invalid credentials; too many failures, closing");
        }
    }

    /** One of the course servers: its greeting's length counts the C string terminator. */
    @Test
    void skipsANulByteAfterAReplyAsCurlDoes() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.sendRaw("+OK server ready\r\n\0");
            for (String reply : List.of(NO_CAPA, "+OK", "+OK logged in", "+OK bye")) {
                peer.read();
                peer.sendRaw(reply + "\r\n\0");
            }
        })) {
            assertThat(authenticator(server, Map.of()).authenticate(ALICE)).isEqualTo(AuthOutcome.accepted("alice"));
            assertThat(server.received()).containsExactly("CAPA", "USER alice", "PASS s3cret-pw", "QUIT");
        }
    }

    /** Only NUL bytes are skipped, and only between replies: other garbage is still garbage. */
    @Test
    void skipsNothingElse() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> peer.sendRaw("\0\u0001+OK server ready\r\n"));
                var spaced = ScriptedPop3Server.start(peer -> peer.sendRaw("\0 +OK server ready\r\n"))) {
            assertThat(authenticator(server, Map.of()).authenticate(ALICE)).isEqualTo(AuthOutcome.unavailable(
                    "127.0.0.1:" + server.port() + " (greeting): not a POP3 reply: '?+OK server ready'"));
            assertThat(authenticator(spaced, Map.of()).authenticate(ALICE)).isEqualTo(AuthOutcome.unavailable(
                    "127.0.0.1:" + spaced.port() + " (greeting): not a POP3 reply: ' +OK server ready'"));
        }
    }

    static Authenticator authenticator(ScriptedPop3Server server, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>();
        config.put("auth.pop3.host", "127.0.0.1");
        config.put("auth.pop3.port", String.valueOf(server.port()));
        config.put("auth.pop3.read-timeout", "2s");
        config.putAll(extra);
        return new Pop3AuthenticatorProvider().create(PluginConfig.of(config));
    }
}
