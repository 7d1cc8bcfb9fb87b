package dev.push3.auth.pop3;

import static dev.push3.auth.pop3.MisbehavingServerTest.NO_CAPA;
import static dev.push3.auth.pop3.MisbehavingServerTest.authenticator;
import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** How many POP3 sessions run at once, and how checks of one user are ordered (auth.pop3.max-sessions). */
class CheckQueueTest {

    @Test
    void opensNoMoreThanMaxSessionsAndQueuesTheRest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (var server = ScriptedPop3Server.start(peer -> {
                    peer.send("+OK ready");
                    release.await();
                    peer.answer(NO_CAPA, "+OK", "+OK welcome");
                });
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Authenticator authenticator = authenticator(server,
                    Map.of("auth.pop3.max-sessions", "2", "auth.pop3.read-timeout", "20s"));
            List<Future<AuthOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Credentials credentials = new Credentials("user" + i, "pw" + i);
                outcomes.add(clients.submit(() -> authenticator.authenticate(credentials)));
            }
            server.awaitConnections(2);
            assertThat(authenticator.metrics().get("push3.auth.pop3.sessions.active")).hasValue(BigDecimal.TWO);
            release.countDown();

            for (int i = 0; i < 6; i++) {
                assertThat(outcomes.get(i).get()).isEqualTo(AuthOutcome.accepted("user" + i));
            }
            assertThat(server.connections()).isEqualTo(6);
            assertThat(server.mostOpenAtOnce()).isEqualTo(2);
            assertThat(authenticator.metrics().get("push3.auth.pop3.sessions.active")).hasValue(BigDecimal.ZERO);
        }
    }

    @Test
    void isUnavailableWhenNoSessionFreesUpWithinTheReadTimeout() throws Exception {
        try (var server = ScriptedPop3Server.start(peer -> {
                    // A slow server, on purpose: each reply comes half-way into the 500 ms read
                    // timeout, so the session lasts about 1 s, twice as long as bob waits for it.
                    for (String reply : List.of("+OK ready", NO_CAPA, "+OK", "+OK welcome")) {
                        Thread.sleep(250);
                        peer.send(reply);
                        peer.read();
                    }
                });
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Authenticator authenticator = authenticator(server,
                    Map.of("auth.pop3.max-sessions", "1", "auth.pop3.read-timeout", "500ms"));
            Future<AuthOutcome> first = clients.submit(() -> authenticator.authenticate(new Credentials("alice", "a")));
            server.awaitConnections(1);

            assertThat(authenticator.authenticate(new Credentials("bob", "b"))).isEqualTo(AuthOutcome.unavailable(
                    "all 1 POP3 sessions (auth.pop3.max-sessions) still busy after 500ms (auth.pop3.read-timeout)"));
            assertThat(first.get()).isEqualTo(AuthOutcome.accepted("alice"));
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    /**
     * A small server of a protocols course: one session per user, and a second one gets a
     * plain -ERR (no [IN-USE]) after PASS, as if the password were wrong.
     */
    private static ScriptedPop3Server oneSessionPerUser(Map<String, String> passwords) throws Exception {
        Set<String> busy = ConcurrentHashMap.newKeySet();
        return ScriptedPop3Server.start(peer -> {
            peer.send("+OK POP3 server ready");
            peer.replies(NO_CAPA);
            String user = peer.read().substring("USER ".length());
            peer.send("+OK");
            String password = peer.read().substring("PASS ".length());
            Thread.sleep(20); // checking the password: long enough for sessions to overlap
            if (!password.equals(passwords.get(user))) {
                peer.send("-ERR invalid password");
            } else if (!busy.add(user)) {
                peer.send("-ERR unable to lock maildrop");
            } else {
                try {
                    peer.send("+OK maildrop locked and ready");
                    if (peer.read().equals("QUIT")) {
                        peer.send("+OK bye");
                    }
                } finally {
                    busy.remove(user);
                }
                return;
            }
            if (peer.read().equals("QUIT")) {
                peer.send("+OK bye");
            }
        });
    }

    @Test
    void simultaneousRightLoginsOfOneUserAllSucceed() throws Exception {
        try (var server = oneSessionPerUser(Map.of("alice", "right"));
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Authenticator authenticator = authenticator(server, Map.of("auth.pop3.read-timeout", "20s"));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<AuthOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                outcomes.add(clients.submit(() -> {
                    start.await();
                    return authenticator.authenticate(new Credentials("alice", "right"));
                }));
            }
            start.countDown();

            for (Future<AuthOutcome> outcome : outcomes) {
                assertThat(outcome.get()).isEqualTo(AuthOutcome.accepted("alice"));
            }
        }
    }

    @Test
    void aWrongPasswordDoesNotMakeASimultaneousRightOneFail() throws Exception {
        try (var server = oneSessionPerUser(Map.of("alice", "right", "bob", "bobs"));
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Authenticator authenticator = authenticator(server, Map.of("auth.pop3.read-timeout", "20s"));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<AuthOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Credentials credentials = switch (i % 4) {
                    case 0 -> new Credentials("alice", "right");
                    case 1 -> new Credentials("alice", "wrong-" + i);
                    case 2 -> new Credentials("bob", "bobs");
                    default -> new Credentials("alice", "right");
                };
                outcomes.add(clients.submit(() -> {
                    start.await();
                    return authenticator.authenticate(credentials);
                }));
            }
            start.countDown();

            for (int i = 0; i < 20; i++) {
                AuthOutcome expected = switch (i % 4) {
                    case 1 -> AuthOutcome.rejected();
                    case 2 -> AuthOutcome.accepted("bob");
                    default -> AuthOutcome.accepted("alice");
                };
                assertThat(outcomes.get(i).get()).as("check %d", i).isEqualTo(expected);
            }
        }
    }
}
