package dev.push3.auth.pop3;

import static dev.push3.auth.pop3.MisbehavingServerTest.NO_CAPA;
import static dev.push3.auth.pop3.MisbehavingServerTest.authenticator;
import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Credentials;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The commands the client sends, in order, against scripted servers: XCLIENT, the APOP
 * fallback, and what CAPA makes it do or refuse.
 */
class LoginOrderTest {
    private static final String XCLIENT_GREETING = "+OK [XCLIENT] ready <1896.697170952@dbc.mtview.ca.us>";
    private static final Credentials FROM_CLIENT = new Credentials("mrose", "tanstaaf",
            Optional.of(new InetSocketAddress(loopback("127.0.0.5"), 4321)));
    private static final Credentials MROSE = new Credentials("mrose", "tanstaaf");
    private static final String APOP_LINE = "APOP mrose c4c9334bac560ecc979e58001b3e22fb";

    @Test
    void tellsAServerThatOffersXclientWhoTheClientIs() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(XCLIENT_GREETING);
            peer.answer(NO_CAPA, "+OK Updated", "+OK maildrop has 1 message");
        })) {
            assertThat(authenticator(server, Map.of()).authenticate(FROM_CLIENT)).isEqualTo(AuthOutcome.accepted("mrose"));
            assertThat(server.received()).containsExactly("CAPA", "XCLIENT ADDR=127.0.0.5 PORT=4321", APOP_LINE, "QUIT");
        }
    }

    @Test
    void findsXclientInCapaToo() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send("+OK ready");
            peer.answer("+OK\r\nXCLIENT\r\nUSER\r\n.", "+OK Updated", "+OK", "+OK welcome");
        })) {
            Credentials credentials = new Credentials("alice", "pw",
                    Optional.of(new InetSocketAddress(InetAddress.getByName("::1"), 40000)));
            assertThat(authenticator(server, Map.of()).authenticate(credentials)).isEqualTo(AuthOutcome.accepted("alice"));
            assertThat(server.received()).containsExactly("CAPA", "XCLIENT ADDR=0:0:0:0:0:0:0:1 PORT=40000",
                    "USER alice", "PASS pw", "QUIT");
        }
    }

    @Test
    void sendsNoXclientWhenTurnedOffNotOfferedOrTheClientIsUnknown() throws Exception {
        try (var offered = ScriptedPop3Server.start(peer -> {
                    peer.send(XCLIENT_GREETING);
                    peer.answer(NO_CAPA, "+OK");
                });
                var notOffered = ScriptedPop3Server.start(peer -> {
                    peer.send("+OK ready <1896.697170952@dbc.mtview.ca.us>");
                    peer.answer(NO_CAPA, "+OK");
                })) {
            authenticator(offered, Map.of("auth.pop3.forward-client", "none")).authenticate(FROM_CLIENT);
            authenticator(offered, Map.of()).authenticate(new Credentials("mrose", "tanstaaf"));
            authenticator(notOffered, Map.of()).authenticate(FROM_CLIENT);

            assertThat(offered.received()).containsExactly("CAPA", APOP_LINE, "QUIT", "CAPA", APOP_LINE, "QUIT");
            assertThat(notOffered.received()).containsExactly("CAPA", APOP_LINE, "QUIT");
        }
    }

    /** A refused XCLIENT only loses the client's address; the login goes on. */
    @Test
    void logsInEvenWhenXclientIsRefused() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send(XCLIENT_GREETING);
            peer.answer(NO_CAPA, "-ERR You are not from trusted IP", "+OK");
        })) {
            assertThat(authenticator(server, Map.of()).authenticate(FROM_CLIENT)).isEqualTo(AuthOutcome.accepted("mrose"));
        }
    }

    /** Cyrus with saslauthd, Dovecot with a hashed password: APOP is offered but cannot check this user. */
    @Test
    void triesTheNextOfferedMechanismWhenApopIsRefused() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send("+OK ready <1896.697170952@dbc.mtview.ca.us>");
            peer.answer("+OK\r\nUSER\r\nSASL PLAIN\r\n.", "-ERR [AUTH] authentication failure", "+OK welcome");
        })) {
            assertThat(authenticator(server, Map.of()).authenticate(MROSE))
                    .isEqualTo(AuthOutcome.accepted("mrose"));
            String plain = Base64.getEncoder().encodeToString("\0mrose\0tanstaaf".getBytes(StandardCharsets.UTF_8));
            assertThat(server.received()).containsExactly("CAPA", APOP_LINE, "AUTH PLAIN " + plain, "QUIT");
        }
    }

    @Test
    void rejectsOnceWhenEveryOfferedMechanismRefuses() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send("+OK ready <1896.697170952@dbc.mtview.ca.us>");
            peer.answer(NO_CAPA, "-ERR [AUTH] no", "+OK", "-ERR [AUTH] no");
        })) {
            assertThat(authenticator(server, Map.of()).authenticate(MROSE))
                    .isEqualTo(AuthOutcome.rejected());
            assertThat(server.received()).containsExactly("CAPA", APOP_LINE, "USER mrose", "PASS tanstaaf", "QUIT");
        }
    }

    /** The operator chose APOP: nothing else gets the password. */
    @Test
    void doesNotFallBackFromAConfiguredApop() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send("+OK ready <1896.697170952@dbc.mtview.ca.us>");
            peer.answer("+OK\r\nUSER\r\n.", "-ERR [AUTH] no");
        })) {
            assertThat(authenticator(server, Map.of("auth.pop3.mechanism", "apop")).authenticate(MROSE))
                    .isEqualTo(AuthOutcome.rejected());
            assertThat(server.received()).containsExactly("CAPA", APOP_LINE, "QUIT");
        }
    }

    /** Dovecot with disable_plaintext_auth=yes on a connection it does not count as secured. */
    @Test
    void callsAServerThatRefusesClearTextUnavailableAndNamesTheFix() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send("+OK Dovecot ready.");
            peer.answer("+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\nSTLS\r\nSASL\r\n.");
        })) {
            assertThat(authenticator(server, Map.of()).authenticate(MROSE))
                    .isEqualTo(AuthOutcome.unavailable("127.0.0.1:" + server.port() + " (CAPA): no login mechanism"
                            + " offered: CAPA lists neither USER nor SASL PLAIN and the greeting has no APOP timestamp;"
                            + " a server that refuses clear-text passwords without TLS does this (Dovecot:"
                            + " disable_plaintext_auth=yes): set auth.pop3.tls=starttls or implicit"));
            assertThat(server.received()).containsExactly("CAPA", "QUIT");
        }
    }

    @Test
    void doesNotSendUserWhenCapaLeavesItOut() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
            peer.send("+OK ready");
            peer.answer("+OK\r\nSASL\r\n.");
        })) {
            AuthOutcome outcome = authenticator(server, Map.of("auth.pop3.mechanism", "user"))
                    .authenticate(MROSE);

            assertThat(outcome).isInstanceOf(AuthOutcome.Unavailable.class);
            assertThat(((AuthOutcome.Unavailable) outcome).reason())
                    .contains("auth.pop3.mechanism=user but CAPA does not list USER", "set auth.pop3.tls=starttls");
            assertThat(server.received()).containsExactly("CAPA", "QUIT");
        }
    }

    private static InetAddress loopback(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
