package dev.push3.auth.pop3;

import static org.awaitility.Awaitility.await;

import dev.push3.api.PluginConfig;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import dev.push3.testkit.dovecot.DovecotOptions;
import dev.push3.testkit.dovecot.DovecotServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The latency of right LOGINs from 127.0.0.3 while 127.0.0.2 keeps guessing, through Push3
 * (its default settings) against the containerized Dovecot with Dovecot's own defaults after
 * a wrong password (2 s failure delay, auth penalty of 2 to 15 s per address) and Push3 in
 * {@code login_trusted_networks}: once with {@code auth.pop3.forward-client=auto}
 * (XCLIENT) and once with {@code none}, each against a fresh Dovecot for a fixed time. Four
 * guessers (one Push3 session after another, three wrong passwords each, each guesser on its
 * own user) run throughout; the right LOGINs start one second after each other ends. Not a
 * test: run it by hand (see {@link Pop3LoginBenchmark} for the class path).
 *
 * <pre>{@code
 * $JAVA_HOME/bin/java -cp push3-auth-pop3/target/test-classes:push3-auth-pop3/target/classes:$(cat /tmp/push3-pop3.cp) \
 *     dev.push3.auth.pop3.GuessingPenaltyBenchmark [seconds per mode, default 60]
 * }</pre>
 */
public final class GuessingPenaltyBenchmark {
    private GuessingPenaltyBenchmark() {
    }

    private static final int GUESSERS = 4;

    /**
     * Runs both modes and prints one line each.
     *
     * @param args the seconds per mode (default 60)
     */
    public static void main(String[] args) throws Exception {
        Duration each = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 60);
        for (String mode : List.of("auto", "none")) {
            run(mode, each);
        }
    }

    private static void run(String mode, Duration each) throws Exception {
        Map<String, String> users = new HashMap<>(Map.of("alice", "secret"));
        for (int g = 0; g < GUESSERS; g++) {
            users.put("bob" + g, "bobs-pw");
        }
        try (DovecotServer dovecot = DovecotServer.start(DovecotOptions.plainPasswords(users)
                        .trusting("127.0.0.1/32").withPenalties());
                Push3Server push3 = Push3Server.start(
                        ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0).build(),
                        Backends.of(Pop3AuthenticatorProvider.NAME, new Pop3AuthenticatorProvider().create(PluginConfig.of(
                                Map.of("auth.pop3.host", dovecot.host(), "auth.pop3.port", String.valueOf(dovecot.pop3Port()),
                                        "auth.pop3.forward-client", mode)))));
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            AtomicBoolean guessing = new AtomicBoolean(true);
            AtomicInteger guesses = new AtomicInteger();
            List<Future<Void>> guessers = new ArrayList<>();
            for (int g = 0; g < GUESSERS; g++) {
                String user = "bob" + g;
                guessers.add(threads.submit(() -> guess(push3.port(), user, guessing, guesses)));
            }
            // The penalty is in force from the second failure on.
            await("two wrong guesses").atMost(Duration.ofMinutes(1)).until(() -> guesses.get() >= 2);
            List<Long> micros = new ArrayList<>();
            int failed = 0;
            long end = System.nanoTime() + each.toNanos();
            while (System.nanoTime() < end) {
                try (var client = LoopbackClient.connect("127.0.0.3", push3.port())) {
                    long start = System.nanoTime();
                    String reply = client.login("alice", "secret");
                    micros.add((System.nanoTime() - start) / 1_000);
                    failed += reply.equals("->SUCCESS: logged in") ? 0 : 1;
                }
                Thread.sleep(1_000); // pacing: one right LOGIN a second, not a wait for an event
            }
            guessing.set(false);
            for (Future<Void> guesser : guessers) {
                guesser.get();
            }
            Collections.sort(micros);
            int n = micros.size();
            System.out.printf(Locale.ROOT, "forward-client=%s: %d right LOGINs from 127.0.0.3 in %ds while 127.0.0.2"
                    + " made %d wrong LOGINs: not SUCCESS=%d, over 1 s=%d; min=%.1f p50=%.1f p90=%.1f max=%.1f ms%n",
                    mode, n, each.toSeconds(), guesses.get(), failed, micros.stream().filter(m -> m > 1_000_000).count(),
                    micros.getFirst() / 1000.0, micros.get(n / 2) / 1000.0,
                    micros.get((int) Math.round(0.9 * (n - 1))) / 1000.0, micros.getLast() / 1000.0);
        }
    }

    /** Wrong passwords, each different (Dovecot does not raise the penalty for a repeat). */
    private static Void guess(int port, String user, AtomicBoolean guessing, AtomicInteger guesses) throws Exception {
        while (guessing.get()) {
            try (var client = LoopbackClient.connect("127.0.0.2", port)) {
                for (int i = 0; i < 3 && guessing.get(); i++) {
                    String reply = client.login(user, "guess-" + guesses.get() + "-" + i);
                    if (!reply.startsWith("->FAIL: invalid credentials")) {
                        throw new IllegalStateException("a wrong password got " + reply);
                    }
                    guesses.incrementAndGet();
                }
            }
        }
        return null;
    }
}
