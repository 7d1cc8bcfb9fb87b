package dev.push3.metrics.openmetrics;

import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.core.client.Push3Client;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import dev.push3.testkit.dovecot.DovecotServer;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A bounded load run, not a test: Push3 with the {@code openmetrics} source on the real
 * Dovecot; {@code clients} connections log in once, then each sends {@code requests}
 * METRICS; prints throughput and latency for each {@code min-interval}. Only loopback.
 *
 * <pre>
 * TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost \
 * java -cp "push3-metrics-openmetrics/target/test-classes:push3-metrics-openmetrics/target/classes:$(cat cp.txt)" \
 *     dev.push3.metrics.openmetrics.MetricsLoadRun [clients=8] [requests=250]
 * </pre>
 */
public final class MetricsLoadRun {
    private MetricsLoadRun() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 250;
        try (DovecotServer dovecot = DovecotStatsIT.start(Map.of("alice", "secret"))) {
            for (String minInterval : List.of("0s", "5s")) {
                run(dovecot, minInterval, clients, requests);
            }
        }
    }

    private static void run(DovecotServer dovecot, String minInterval, int clients, int requests) throws Exception {
        MetricsSource source = new OpenMetricsSourceProvider().create(PluginConfig.of(Map.of(
                "metrics.openmetrics.url", dovecot.metricsUrl(),
                "metrics.openmetrics.preset", "dovecot",
                "metrics.openmetrics.min-interval", minInterval)));
        Backends backends = Backends.of("pop3", Push3DovecotEndToEndIT.pop3Authenticator(dovecot))
                .withSource(OpenMetricsSourceProvider.NAME, source);
        ServerSettings settings = ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .failureDelay(Duration.ZERO).build();
        try (Push3Server server = Push3Server.start(settings, backends);
             ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<long[]>> results = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> oneClient(server.port(), requests)));
            }
            long[] all = new long[clients * requests];
            int i = 0;
            for (Future<long[]> result : results) {
                for (long nanos : result.get()) {
                    all[i++] = nanos;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(all);
            System.out.printf("min-interval=%s clients=%d METRICS=%d in %.2f s: %.0f METRICS/s,"
                            + " latency p50=%.2f ms p99=%.2f ms max=%.2f ms%n",
                    minInterval, clients, all.length, seconds, all.length / seconds,
                    all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, all[all.length - 1] / 1e6);
        }
    }

    private static long[] oneClient(int port, int requests) throws Exception {
        long[] latencies = new long[requests];
        try (Push3Client client = Push3Client.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
            if (!client.login("alice", "secret").success()) {
                throw new IllegalStateException("LOGIN failed");
            }
            for (int r = 0; r < requests; r++) {
                long t0 = System.nanoTime();
                Map<String, BigDecimal> metrics = client.metrics();
                latencies[r] = System.nanoTime() - t0;
                if (!BigDecimal.ONE.equals(metrics.get("openmetrics.up"))) {
                    throw new IllegalStateException("openmetrics.up is not 1: " + metrics.get("openmetrics.up"));
                }
            }
        }
        return latencies;
    }
}
