package dev.push3.core.bench;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded abuse run on loopback, run by hand (not a test), against a real server with the
 * default limits (except where stated):
 * {@code AbuseRun ATTACK_SECONDS STALLED_CLIENTS WAVE WRITE_TIMEOUT_SECONDS}.
 *
 * <ol>
 *   <li>Password guessing from 127.0.0.2 with 1 connection, then with 1,000 connections
 *       (server.max-connections-per-address raised to 2,000 so that all of them are served
 *       and only the penalty stands in the way), ATTACK_SECONDS each: wrong guesses
 *       answered per minute. Meanwhile 127.0.0.3 logs in with the right password every
 *       500 ms; its latency is compared with the same probe before any attack.</li>
 *   <li>STALLED_CLIENTS clients, WAVE at a time, from 127.1.x.y (50 per address, under the
 *       per-address limit), each pipelining METRICS without ever reading; the write timeout
 *       cuts them off. Reports the heap after GC and the platform thread count before and
 *       after.</li>
 * </ol>
 * The authenticator accepts one user in constant time, so the run measures Push3.
 */
public final class AbuseRun {
    private static final InetAddress ATTACKER = address(127, 0, 0, 2);
    private static final InetAddress USER = address(127, 0, 0, 3);

    private AbuseRun() {
    }

    public static void main(String[] args) throws Exception {
        int attackSeconds = Integer.parseInt(args[0]);
        int stalled = Integer.parseInt(args[1]);
        int wave = Integer.parseInt(args[2]);
        Duration writeTimeout = Duration.ofSeconds(Long.parseLong(args[3]));
        Authenticator users = c -> c.user().equals("alice") && c.password().equals("secret")
                ? AuthOutcome.accepted("alice") : AuthOutcome.rejected();
        ServerSettings settings = ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .maxConnectionsPerAddress(2_000).writeTimeout(writeTimeout).build();
        System.out.println("settings: " + settings);
        for (int connections : new int[] {1, 1_000}) {
            // A new server each time: the penalty an address earned must not carry over.
            try (Push3Server server = Push3Server.start(settings, Backends.of("bench", users))) {
                System.out.println("right LOGIN from 127.0.0.3, no attack: " + probe(server.port(), 20));
                attack(server.port(), connections, attackSeconds);
                System.out.println("penalized addresses at the end: "
                        + server.registry().snapshot().get("push3.auth.penalized_addresses").orElseThrow());
            }
        }
        ServerSettings stalledSettings = ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .writeTimeout(writeTimeout).build();
        try (Push3Server server = Push3Server.start(stalledSettings, Backends.of("bench", users))) {
            stalledClients(server, stalled, wave);
        }
    }

    /** Guesses from one address on {@code connections} connections while the right user logs in from another. */
    private static void attack(int port, int connections, int seconds) throws Exception {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        ConcurrentLinkedQueue<Long> guesses = new ConcurrentLinkedQueue<>();
        AtomicInteger loginTimeouts = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < connections; i++) {
            threads.add(Thread.ofVirtual().start(() -> guess(port, end, guesses, loginTimeouts, sockets)));
        }
        String during = probe(port, seconds * 2 - 2);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + 1_000));
        }
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close(); // threads still waiting for a reply end now
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        long firstMinute = guesses.stream().filter(t -> t - start < TimeUnit.SECONDS.toNanos(60)).count();
        System.out.printf("attack from 127.0.0.2 on %d connection(s) for %d s: %d wrong guesses answered, %d in the first minute,"
                + " %d after it (%d sessions ended by server.login-timeout)%n",
                connections, seconds, guesses.size(), firstMinute, guesses.size() - firstMinute, loginTimeouts.get());
        System.out.println("right LOGIN from 127.0.0.3 during that attack: " + during);
    }

    private static void guess(int port, long end, ConcurrentLinkedQueue<Long> guesses, AtomicInteger loginTimeouts,
            List<Socket> sockets) {
        int n = 0;
        while (System.nanoTime() < end) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, ATTACKER, 0)) {
                sockets.add(socket);
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                while (System.nanoTime() < end) {
                    out.write(("LOGIN alice guess" + n++ + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    String reply = line(in);
                    if (reply.startsWith("->FAIL: invalid credentials") && System.nanoTime() < end) {
                        guesses.add(System.nanoTime());
                    }
                    if (reply.equals("->FAIL: login timeout, closing")) {
                        loginTimeouts.incrementAndGet();
                    }
                    if (!reply.equals("->FAIL: invalid credentials")) {
                        break; // closed: too many failures, login timeout, refused
                    }
                }
            } catch (IOException e) {
                // closed at the end of the run, or refused: connect again
            }
        }
    }

    /** Logs in with the right password from another address every 500 ms; returns the latencies. */
    private static String probe(int port, int count) throws Exception {
        long[] latencies = new long[Math.max(1, count)];
        for (int i = 0; i < latencies.length; i++) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, USER, 0)) {
                socket.setTcpNoDelay(true);
                long t = System.nanoTime();
                socket.getOutputStream().write("LOGIN alice secret\r\n".getBytes(StandardCharsets.US_ASCII));
                String reply = line(socket.getInputStream());
                latencies[i] = System.nanoTime() - t;
                if (!reply.equals("->SUCCESS: logged in")) {
                    throw new IllegalStateException("right LOGIN answered " + reply);
                }
            }
            Thread.sleep(500);
        }
        java.util.Arrays.sort(latencies);
        return String.format("%d LOGINs, p50 %.2f ms, p95 %.2f ms, max %.2f ms", latencies.length,
                latencies[latencies.length / 2] / 1e6, latencies[Math.min(latencies.length - 1, latencies.length * 95 / 100)] / 1e6,
                latencies[latencies.length - 1] / 1e6);
    }

    private static void stalledClients(Push3Server server, int total, int wave) throws Exception {
        System.out.printf("before stalled clients: %s%n", resources(server));
        long start = System.nanoTime();
        AtomicInteger cutOff = new AtomicInteger();
        for (int done = 0; done < total; done += wave) {
            int count = Math.min(wave, total - done);
            CountDownLatch ended = new CountDownLatch(count);
            for (int i = 0; i < count; i++) {
                int n = done + i;
                Thread.ofVirtual().start(() -> {
                    stall(server.port(), address(127, 1, n / 50 / 250, n / 50 % 250 + 1), cutOff);
                    ended.countDown();
                });
            }
            if (!ended.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("stalled clients still connected after 10 minutes");
            }
            System.out.printf("wave of %d stalled clients ended; now %s%n", count, resources(server));
        }
        System.out.printf("%d stalled clients, %d cut off by the server, in %.1f s%n", total, cutOff.get(),
                (System.nanoTime() - start) / 1e9);
        System.out.printf("after: %s%n", resources(server));
    }

    /**
     * Logs in and pipelines METRICS without ever reading, until the server closes the
     * connection. METRICS rather than CAPA: on loopback (MTU 64 KiB) the kernel lets the
     * server's send buffer grow to about 3 MiB per connection before a write blocks, and
     * large replies fill it with fewer requests, which keeps the run short.
     */
    private static void stall(int port, InetAddress from, AtomicInteger cutOff) {
        byte[] requests = "METRICS\r\n".repeat(200).getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.setSendBufferSize(4096);
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            socket.getOutputStream().write("LOGIN alice secret\r\n".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                socket.getOutputStream().write(requests);
            }
        } catch (IOException e) {
            cutOff.incrementAndGet();
        }
    }

    private static String resources(Push3Server server) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime rt = Runtime.getRuntime();
        var values = server.registry().snapshot();
        return String.format("heap used after GC %.1f MiB, platform threads %d, push3.connections.current=%s, "
                + "push3.connections.write_timeouts=%s, push3.bytes.out=%s", (rt.totalMemory() - rt.freeMemory()) / 1048576.0,
                Thread.getAllStackTraces().size(), // live platform threads; virtual ones are not listed
                values.get("push3.connections.current").orElseThrow(), values.get("push3.connections.write_timeouts").orElseThrow(), values.get("push3.bytes.out").orElseThrow());
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("closed");
            }
            line.append((char) b);
        }
        return line.toString().strip();
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
