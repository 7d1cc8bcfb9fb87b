package dev.push3.auth.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.core.server.Push3Server;
import dev.push3.testkit.RequiresDocker;
import dev.push3.testkit.dovecot.DovecotOptions;
import dev.push3.testkit.dovecot.DovecotServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dovecot with its own defaults after a wrong password (2 s failure delay, then an auth
 * penalty of 2 to 15 s per client address) and Push3 in {@code login_trusted_networks}: one
 * client's guesses must not slow or fail another client's right password.
 *
 * <p>Each test starts its own Dovecot: the penalty is state in Dovecot's anvil process.
 */
@RequiresDocker
class DovecotClientAddressTest {
    private static final String GUESSER = "127.0.0.2";
    private static final String USER = "127.0.0.3";
    /** The shortest auth penalty Dovecot applies: a login it delays takes at least this long. */
    private static final Duration PENALTY = Duration.ofSeconds(2);

    private DovecotServer dovecot;

    @AfterEach
    void stopDovecot() {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    @Test
    void aGuesserIsPenalizedAloneAndLoggedUnderItsOwnAddress() throws Exception {
        dovecot = DovecotServer.start(DovecotOptions.plainPasswords(Map.of("alice", "secret", "bob", "bobs-pw"))
                .trusting("127.0.0.1/32").withPenalties());
        try (Push3Server push3 = push3(Map.of())) {
            List<Duration> rightLogins = whileGuessing(push3, () -> {
                try (var client = LoopbackClient.connect(USER, push3.port())) {
                    long start = System.nanoTime();
                    assertThat(client.login("alice", "secret")).isEqualTo("->SUCCESS: logged in");
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            });

            // Not a speed target: a login Dovecot delays waits for the whole penalty, at least 2 s.
            assertThat(rightLogins).allSatisfy(took -> assertThat(took).isLessThan(PENALTY));
            String logs = dovecot.logsOnceMatching("user=<alice>.*rip=127\\.0\\.0\\.3");
            assertThat(logs).containsPattern("user=<bob>.*rip=127\\.0\\.0\\.2")
                    .containsPattern("Login: user=<alice>, method=PLAIN, rip=127\\.0\\.0\\.3")
                    // The fixture's readiness probe connects without logging in; no login is Push3's.
                    .doesNotContainPattern("user=<\\w+>.*rip=127\\.0\\.0\\.1");
        }
    }

    /** The same run with forward-client=none: the penalty lands on Push3's address, so on everyone. */
    @Test
    void withoutXclientEveryoneWaitsOutTheGuessersPenalty() throws Exception {
        dovecot = DovecotServer.start(DovecotOptions.plainPasswords(Map.of("alice", "secret", "bob", "bobs-pw"))
                .trusting("127.0.0.1/32").withPenalties());
        try (Push3Server push3 = push3(Map.of("auth.pop3.forward-client", "none"))) {
            List<Duration> rightLogins = whileGuessing(push3, () -> {
                try (var client = LoopbackClient.connect(USER, push3.port())) {
                    long start = System.nanoTime();
                    assertThat(client.login("alice", "secret")).isEqualTo("->SUCCESS: logged in");
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            });

            // Dovecot clears an address's penalty when a login from it succeeds, so the first one pays.
            assertThat(rightLogins.getFirst()).isGreaterThanOrEqualTo(PENALTY);
            assertThat(dovecot.logs()).containsPattern("user=<alice>.*rip=127\\.0\\.0\\.1")
                    .doesNotContain("rip=127.0.0.2", "rip=127.0.0.3");
        }
    }

    @FunctionalInterface
    private interface Login {
        Duration run() throws Exception;
    }

    /**
     * Sends wrong passwords for bob from 127.0.0.2, each one different (Dovecot does not
     * raise the penalty for a repeated password); once two have failed, and while the third
     * is under way, runs three right logins.
     */
    private static List<Duration> whileGuessing(Push3Server push3, Login rightLogin) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch penalized = new CountDownLatch(1);
            Future<List<String>> guesses = threads.submit(() -> {
                List<String> replies = new ArrayList<>();
                try (var guesser = LoopbackClient.connect(GUESSER, push3.port())) {
                    replies.add(guesser.login("bob", "guess-1"));
                    replies.add(guesser.login("bob", "guess-2"));
                    penalized.countDown();
                    replies.add(guesser.login("bob", "guess-3"));
                }
                return replies;
            });
            penalized.await();
            List<Duration> took = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                took.add(rightLogin.run());
            }
            assertThat(guesses.get()).containsExactly("->FAIL: invalid credentials", "->FAIL: invalid credentials",
                    "->FAIL: invalid credentials; too many failures, closing");
            return took;
        }
    }

    private Push3Server push3(Map<String, String> extra) throws Exception {
        return Push3Fixtures.push3(Push3Fixtures.pop3(dovecot, extra));
    }
}
