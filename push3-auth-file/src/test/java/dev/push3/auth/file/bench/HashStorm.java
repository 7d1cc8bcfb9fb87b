package dev.push3.auth.file.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded load run for issue 10.5: {@code CONNECTIONS} clients send wrong passwords for an
 * ARGON2ID user as fast as the server answers (reconnecting when it closes after
 * {@code auth.max-failures}), each from its own loopback address 127.0.0.2, 127.0.0.3, ...,
 * while one session that logged in before sends {@code METRICS} every 100 ms from 127.0.0.250;
 * reports the METRICS latency percentiles and the storm's replies by kind. Run by hand against
 * {@code dev.push3.auth.file.UsersFileServer} (see {@link UsersFileHeap} for the class path):
 * <pre>
 * java -cp $CP dev.push3.auth.file.bench.HashStorm PORT CONNECTIONS SECONDS USER PASSWORD
 * </pre>
 * USER and PASSWORD log the METRICS session in; the storm guesses for the same USER.
 */
public final class HashStorm {
    private HashStorm() {
    }

    /** One line-oriented client connection. */
    private record Connection(Socket socket, BufferedReader in, OutputStream out) implements AutoCloseable {
        static Connection open(String from, int port) throws IOException {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            socket.setSoTimeout(60_000);
            return new Connection(socket, new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8)), socket.getOutputStream());
        }

        /** Sends a request; returns the reply line, or null when the server closed. */
        String ask(String request) throws IOException {
            out.write((request + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int connections = Integer.parseInt(args[1]);
        long endNanos = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
        String user = args[3];
        Map<String, LongAdder> replies = new ConcurrentHashMap<>();
        LongAdder dropped = new LongAdder();
        List<Thread> storm = new ArrayList<>();
        try (Connection metrics = Connection.open("127.0.0.250", port)) {
            if (!metrics.ask("LOGIN " + user + " " + args[4]).startsWith("->SUCCESS")) {
                throw new IllegalStateException("the METRICS session could not log in");
            }
            for (int i = 0; i < connections; i++) {
                String from = "127.0.0." + (2 + i % 200);
                storm.add(Thread.ofPlatform().daemon().start(() -> guess(from, port, user, endNanos, replies, dropped)));
            }
            List<Long> micros = new ArrayList<>();
            while (System.nanoTime() < endNanos) {
                long start = System.nanoTime();
                String reply = metrics.ask("METRICS");
                if (reply == null || !reply.startsWith("->SUCCESS")) {
                    throw new IllegalStateException("METRICS failed: " + reply);
                }
                micros.add((System.nanoTime() - start) / 1_000);
                Thread.sleep(100);
            }
            for (Thread thread : storm) {
                thread.join(70_000);
            }
            micros.sort(null);
            System.out.printf("connections=%d metrics_requests=%d metrics_ms p50=%.1f p95=%.1f p99=%.1f max=%.1f%n",
                    connections, micros.size(), at(micros, 0.50), at(micros, 0.95), at(micros, 0.99),
                    micros.getLast() / 1000.0);
            System.out.println("storm replies " + new java.util.TreeMap<>(replies) + " closed_without_reply="
                    + dropped.sum());
        }
    }

    private static double at(List<Long> sorted, double quantile) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1)) / 1000.0;
    }

    private static void guess(String from, int port, String user, long endNanos, Map<String, LongAdder> replies,
            LongAdder dropped) {
        int n = 0;
        while (System.nanoTime() < endNanos) {
            try (Connection connection = Connection.open(from, port)) {
                while (System.nanoTime() < endNanos) {
                    String reply = connection.ask("LOGIN " + user + " wrong" + n++);
                    if (reply == null) {
                        dropped.increment(); // closed with no reply to this LOGIN
                        break;
                    }
                    replies.computeIfAbsent(reply, r -> new LongAdder()).increment();
                    if (reply.contains("closing")) {
                        break;
                    }
                }
            } catch (IOException e) {
                dropped.increment();
            }
        }
    }
}
