package dev.push3.metrics.jmx;

import dev.push3.api.PluginConfig;
import dev.push3.auth.file.FileAuthenticatorProvider;
import dev.push3.core.client.Push3Client;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import dev.push3.metrics.jmx.agent.ChildJvm;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Measures the latency of {@code METRICS} over TCP on loopback, one client, one request at
 * a time: without the jmx source, with it reading a second JVM (both presets), and with it
 * reading this JVM's platform MBean server. Run by hand, not by the build:
 * <pre>
 * ./mvnw -B -q -pl push3-metrics-jmx -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp push3-metrics-jmx/target/test-classes:push3-metrics-jmx/target/classes:$(cat push3-metrics-jmx/target/cp.txt) \
 *     dev.push3.metrics.jmx.MetricsLatencyBenchmark 3000
 * </pre>
 * The argument is the number of measured requests per case (after as many warm-up ones).
 */
public final class MetricsLatencyBenchmark {
    private MetricsLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path users = Files.createTempFile("push3-bench-users", "");
        Files.writeString(users, "alice:{PLAIN}secret\n");
        PluginConfig auth = PluginConfig.of(Map.of("auth.file.path", users.toString()));
        try (ChildJvm child = ChildJvm.startPlain()) {
            System.out.printf("%d requests per case, after %d warm-up ones; times in microseconds%n", requests, requests);
            System.out.printf("%-28s %8s %8s %8s %8s %8s %9s%n", "case", "mean", "p50", "p90", "p99", "max", "metrics");
            run("inprocess only", backends(auth), requests);
            run("inprocess + jmx (remote)", backends(auth).withSource("jmx",
                    new JmxSourceProvider().create(PluginConfig.of(Map.of("metrics.jmx.url", child.url())))), requests);
            run("inprocess + jmx (platform)", backends(auth).withSource("jmx",
                    new JmxSourceProvider().create(PluginConfig.empty())), requests);
        } finally {
            Files.deleteIfExists(users);
        }
    }

    private static Backends backends(PluginConfig auth) {
        return Backends.of("file", new FileAuthenticatorProvider().create(auth));
    }

    private static void run(String name, Backends backends, int requests) throws Exception {
        ServerSettings settings = ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .failureDelay(Duration.ZERO).build();
        try (Push3Server server = Push3Server.start(settings, backends);
             Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(10))) {
            client.login("alice", "secret");
            int size = 0;
            for (int i = 0; i < requests; i++) {
                size = client.metrics().size();
            }
            long[] micros = new long[requests];
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                client.metrics();
                micros[i] = (System.nanoTime() - start) / 1000;
            }
            print(name, micros, size);
        }
    }

    private static void print(String name, long[] micros, int size) {
        Arrays.sort(micros);
        double mean = Arrays.stream(micros).average().orElse(0);
        System.out.printf(Locale.ROOT, "%-28s %8.0f %8d %8d %8d %8d %9d%n", name, mean, percentile(micros, 50),
                percentile(micros, 90), percentile(micros, 99), micros[micros.length - 1], size);
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
