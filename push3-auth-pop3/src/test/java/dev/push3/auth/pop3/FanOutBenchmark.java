package dev.push3.auth.pop3;

import dev.push3.api.auth.Authenticator;
import dev.push3.core.server.Push3Server;
import dev.push3.testkit.dovecot.DovecotOptions;
import dev.push3.testkit.dovecot.DovecotServer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 500 simultaneous LOGINs of 500 users through Push3 against the containerized Dovecot
 * (every fifth password wrong; Dovecot's own 2 s failure delay and auth penalty, Push3
 * trusted, so XCLIENT gives each of 250 client addresses its own penalty), with
 * {@code auth.pop3.max-sessions} at its default and at 10000 (no bound): how many POP3
 * sessions were open at once, how long until every LOGIN was answered, and what each got. Not a test:
 * run it by hand (see {@link Pop3LoginBenchmark} for the class path).
 *
 * <pre>{@code
 * $JAVA_HOME/bin/java -cp push3-auth-pop3/target/test-classes:push3-auth-pop3/target/classes:$(cat /tmp/push3-pop3.cp) \
 *     dev.push3.auth.pop3.FanOutBenchmark
 * }</pre>
 */
public final class FanOutBenchmark {
    private static final int LOGINS = 500;
    private static final int USERS = 500;

    private FanOutBenchmark() {
    }

    /**
     * Runs both settings and prints one line each.
     *
     * @param args none
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> users = new HashMap<>();
        for (int u = 0; u < USERS; u++) {
            users.put("user" + u, "pw-" + u);
        }
        try (DovecotServer dovecot = DovecotServer.start(DovecotOptions.plainPasswords(users).trusting("127.0.0.1/32")
                .withPenalties())) {
            for (String maxSessions : List.of(String.valueOf(Pop3Settings.DEFAULT_MAX_SESSIONS), "10000")) {
                run(dovecot, maxSessions);
            }
        }
    }

    private static void run(DovecotServer dovecot, String maxSessions) throws Exception {
        Authenticator authenticator = Push3Fixtures.pop3(dovecot, Map.of("auth.pop3.max-sessions", maxSessions));
        try (Push3Server push3 = Push3Fixtures.push3(authenticator);
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            AtomicBoolean sampling = new AtomicBoolean(true);
            AtomicInteger mostActive = new AtomicInteger();
            Future<?> sampler = threads.submit(() -> {
                while (sampling.get()) {
                    BigDecimal active = authenticator.metrics().get("push3.auth.pop3.sessions.active").orElseThrow();
                    mostActive.accumulateAndGet(active.intValue(), Math::max);
                    Thread.sleep(2);
                }
                return null;
            });
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < LOGINS; i++) {
                int n = i;
                answers.add(threads.submit(() -> {
                    // Distinct addresses, so that XCLIENT gives each its own penalty account.
                    try (var client = LoopbackClient.connect("127.0.1." + (n % 250 + 1), push3.port())) {
                        start.await();
                        boolean wrong = n % 5 == 0;
                        String reply = client.login("user" + n % USERS, wrong ? "wrong-" + n : "pw-" + n % USERS);
                        return reply.equals(wrong ? "->FAIL: invalid credentials" : "->SUCCESS: logged in") ? "right"
                                : reply;
                    }
                }));
            }
            long begin = System.nanoTime();
            start.countDown();
            Map<String, Integer> replies = new java.util.TreeMap<>();
            for (Future<String> answer : answers) {
                replies.merge(answer.get(), 1, Integer::sum);
            }
            long millis = (System.nanoTime() - begin) / 1_000_000;
            sampling.set(false);
            sampler.get();
            System.out.printf(Locale.ROOT, "max-sessions=%s: %d simultaneous LOGINs, all answered in %d ms, at most %d"
                    + " POP3 sessions open at once; answers %s%n", maxSessions, LOGINS, millis, mostActive.get(), replies);
        }
    }
}
