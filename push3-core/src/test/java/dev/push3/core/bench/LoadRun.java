package dev.push3.core.bench;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.core.client.Push3Client;
import dev.push3.core.client.Push3Exception;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A bounded load run on loopback, run by hand (not a test):
 * {@code LoadRun CLIENTS SESSIONS_PER_CLIENT IDLE_CONNECTIONS}.
 *
 * <p>Part 1: CLIENTS threads each run SESSIONS_PER_CLIENT sessions of connect, LOGIN,
 * METRICS, QUIT, and the run reports sessions per second and the latency of LOGIN+METRICS.
 * Part 2: opens IDLE_CONNECTIONS idle sessions and reports the server's heap and resident
 * memory per connection. The authenticator accepts one user in constant time, so the run
 * measures Push3, not a password hash.
 */
public final class LoadRun {
    private LoadRun() {
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(args[0]);
        int sessions = Integer.parseInt(args[1]);
        int idle = Integer.parseInt(args[2]);
        Authenticator users = c -> c.user().equals("alice") && c.password().equals("secret")
                ? AuthOutcome.accepted("alice") : AuthOutcome.rejected();
        // Every client comes from 127.0.0.1: lift the per-address limit, or all but 64 are refused.
        ServerSettings settings = ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .failureDelay(Duration.ZERO).maxConnectionsPerAddress(Integer.MAX_VALUE).build();
        try (Push3Server server = Push3Server.start(settings, Backends.of("bench", users))) {
            sessions(server.port(), clients, sessions / 10); // warm-up
            long start = System.nanoTime();
            long[] latencies = sessions(server.port(), clients, sessions);
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(latencies);
            System.out.printf("sessions: %d in %.2f s = %.0f sessions/s; LOGIN+METRICS p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    latencies.length, seconds, latencies.length / seconds, percentile(latencies, 50),
                    percentile(latencies, 99), latencies[latencies.length - 1] / 1e6);
            idleConnections(server.port(), idle);
        }
    }

    private static long[] sessions(int port, int clients, int perClient) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<long[]>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> {
                    long[] out = new long[perClient];
                    for (int i = 0; i < perClient; i++) {
                        try (Push3Client client = Push3Client.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
                            long t = System.nanoTime();
                            Push3Exception.requireSuccess(client.login("alice", "secret"));
                            client.metrics();
                            out[i] = System.nanoTime() - t;
                        }
                    }
                    return out;
                }));
            }
            long[] all = new long[0];
            for (Future<long[]> result : results) {
                long[] part = result.get();
                long[] merged = Arrays.copyOf(all, all.length + part.length);
                System.arraycopy(part, 0, merged, all.length, part.length);
                all = merged;
            }
            return all;
        }
    }

    private static void idleConnections(int port, int count) throws Exception {
        long before = usedHeapAfterGc();
        long rssBefore = residentBytes();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.getOutputStream().write("CAPA\r\n".getBytes());
                socket.getInputStream().read(new byte[64]); // the session is running
                sockets.add(socket);
            }
            long after = usedHeapAfterGc();
            long rssAfter = residentBytes();
            System.out.printf("idle connections: %d; heap %+.1f KiB/connection, resident %+.1f KiB/connection "
                    + "(both ends in this JVM)%n", count, (after - before) / 1024.0 / count,
                    (rssAfter - rssBefore) / 1024.0 / count);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    }

    private static long residentBytes() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }
}
