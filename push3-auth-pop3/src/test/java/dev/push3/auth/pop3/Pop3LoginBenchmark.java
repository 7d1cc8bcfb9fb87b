package dev.push3.auth.pop3;

import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.core.client.Push3Client;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import dev.push3.testkit.dovecot.DovecotOptions;
import dev.push3.testkit.dovecot.DovecotServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Compares LOGIN through Push3 with a direct POP3 login, both on loopback against the
 * containerized Dovecot. Not a test: run it by hand. One request at a time; the cases are
 * interleaved round by round.
 *
 * <pre>{@code
 * export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost
 * ./mvnw -B -q -pl push3-auth-pop3 -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/push3-pop3.cp -Dmdep.includeScope=test
 * $JAVA_HOME/bin/java -cp push3-auth-pop3/target/test-classes:push3-auth-pop3/target/classes:$(cat /tmp/push3-pop3.cp) \
 *     dev.push3.auth.pop3.Pop3LoginBenchmark [iterations]
 * }</pre>
 */
public final class Pop3LoginBenchmark {
    private static final String USER = "bench";
    private static final String PASSWORD = "bench-pw";

    private Pop3LoginBenchmark() {
    }

    /**
     * Runs the measurements.
     *
     * @param args the number of measured iterations per case (default 500)
     */
    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        try (DovecotServer dovecot = DovecotServer.start(
                DovecotOptions.plainPasswords(Map.of(USER, PASSWORD)).withApop().withSessionLock())) {
            int port = dovecot.pop3Port();
            Authenticator plain = authenticator(port, "0s");
            try (Push3Server server = push3(plain); Push3Server cached = push3(authenticator(port, "10m"))) {
                Map<String, Action> cases = new LinkedHashMap<>();
                cases.put("direct POP3: connect, USER, PASS, QUIT", () -> directPop3Login(port));
                cases.put("pop3 authenticator.authenticate() in-process",
                        () -> accepted(plain.authenticate(new Credentials(USER, PASSWORD))));
                cases.put("Push3: connect, LOGIN, QUIT", () -> push3Login(server.port()));
                cases.put("Push3: LOGIN request to reply only", () -> push3LoginOnly(server.port()));
                cases.put("Push3: connect, LOGIN, QUIT (cache-ttl=10m)", () -> push3Login(cached.port()));
                measure(cases, Math.max(50, iterations / 5)); // warm-up: JIT, Dovecot's processes
                measure(cases, iterations).forEach(Pop3LoginBenchmark::print);
            }
        }
    }

    @FunctionalInterface
    private interface Action {
        /** Runs once; returns the microseconds of its own timed part, or empty to be timed whole. */
        OptionalLong run() throws Exception;
    }

    /**
     * Runs the cases interleaved, one of each per round, so that load from elsewhere on the
     * machine falls on all of them alike.
     */
    private static Map<String, long[]> measure(Map<String, Action> cases, int rounds) throws Exception {
        Map<String, long[]> micros = new LinkedHashMap<>();
        cases.keySet().forEach(name -> micros.put(name, new long[rounds]));
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Action> c : cases.entrySet()) {
                long start = System.nanoTime();
                OptionalLong own = c.getValue().run();
                micros.get(c.getKey())[round] = own.orElse((System.nanoTime() - start) / 1_000);
            }
        }
        return micros;
    }

    private static void print(String name, long[] micros) {
        Arrays.sort(micros);
        double mean = Arrays.stream(micros).average().orElse(0);
        System.out.printf(Locale.ROOT, "%-48s n=%d mean=%.3f ms p50=%.3f p90=%.3f p99=%.3f max=%.3f ms%n", name,
                micros.length, mean / 1000, at(micros, 0.50), at(micros, 0.90), at(micros, 0.99),
                micros[micros.length - 1] / 1000.0);
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1000.0;
    }

    /** A minimal POP3 client of its own, so the baseline shares no code with the plugin. */
    private static OptionalLong directPop3Login(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            expectOk(in.readLine());
            for (String command : new String[] {"USER " + USER, "PASS " + PASSWORD, "QUIT"}) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                expectOk(in.readLine());
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong push3Login(int port) throws IOException {
        try (Push3Client client = Push3Client.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
            if (!client.login(USER, PASSWORD).success()) {
                throw new IllegalStateException("LOGIN failed");
            }
            client.quit();
        }
        return OptionalLong.empty();
    }

    private static OptionalLong push3LoginOnly(int port) throws IOException {
        try (Push3Client client = Push3Client.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
            long start = System.nanoTime();
            if (!client.login(USER, PASSWORD).success()) {
                throw new IllegalStateException("LOGIN failed");
            }
            return OptionalLong.of((System.nanoTime() - start) / 1_000);
        }
    }

    private static OptionalLong accepted(AuthOutcome outcome) {
        if (!(outcome instanceof AuthOutcome.Accepted)) {
            throw new IllegalStateException("login failed: " + outcome);
        }
        return OptionalLong.empty();
    }

    private static void expectOk(String line) {
        if (line == null || !line.startsWith("+OK")) {
            throw new IllegalStateException("POP3 said: " + line);
        }
    }

    private static Authenticator authenticator(int port, String cacheTtl) {
        return new Pop3AuthenticatorProvider().create(PluginConfig.of(Map.of("auth.pop3.host", "127.0.0.1",
                "auth.pop3.port", String.valueOf(port), "auth.pop3.mechanism", "user", "auth.pop3.cache-ttl", cacheTtl)));
    }

    private static Push3Server push3(Authenticator authenticator) throws IOException {
        ServerSettings settings = ServerSettings.builder()
                .bind(InetAddress.getLoopbackAddress()).port(0).failureDelay(Duration.ZERO).build();
        return Push3Server.start(settings, Backends.of(Pop3AuthenticatorProvider.NAME, authenticator));
    }
}
