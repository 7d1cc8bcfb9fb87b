package dev.push3.auth.pop3;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real TCP server on loopback that plays a scripted POP3 server, for the behaviours
 * Dovecot will not show on demand: silence, garbage, echoes, odd response codes. Records
 * every line it receives.
 */
final class ScriptedPop3Server implements AutoCloseable {
    /** What the server does on one connection. */
    @FunctionalInterface
    interface Script {
        void play(Peer peer) throws IOException, InterruptedException;
    }

    /** The server's side of one connection. */
    static final class Peer {
        private final BufferedReader in;
        private final OutputStream out;
        private final List<String> received;

        Peer(Socket socket, List<String> received) throws IOException {
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            this.out = socket.getOutputStream();
            this.received = received;
        }

        /** Sends raw text, no CRLF added. */
        void sendRaw(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Sends a line, CRLF added. */
        void send(String line) throws IOException {
            sendRaw(line + "\r\n");
        }

        /** Reads a line, recording it; empty string at end of stream. */
        String read() throws IOException {
            String line = in.readLine();
            received.add(line == null ? "<closed>" : line);
            return line == null ? "" : line;
        }

        /** Answers each command from a fixed list of replies. */
        void replies(String... replies) throws IOException {
            for (String reply : replies) {
                read();
                send(reply);
            }
        }

        /** Answers each command from a fixed list of replies, then QUIT with +OK. */
        void answer(String... replies) throws IOException {
            replies(replies);
            if (read().equals("QUIT")) {
                send("+OK bye");
            }
        }
    }

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();

    private ScriptedPop3Server(Script script) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(() -> acceptLoop(script));
    }

    static ScriptedPop3Server start(Script script) throws IOException {
        return new ScriptedPop3Server(script);
    }

    int port() {
        return socket.getLocalPort();
    }

    /**
     * Every line received, over all connections, in order per connection; waits until every
     * connection's script has ended, so lines sent just before a close are included.
     *
     * @throws org.awaitility.core.ConditionTimeoutException when a script is still running after 30 s
     */
    List<String> received() {
        await("every scripted connection ended").atMost(Duration.ofSeconds(30))
                .until(() -> finished.get() >= connections.get());
        return List.copyOf(received);
    }

    int connections() {
        return connections.get();
    }

    /** The most connections that were open at the same time. */
    int mostOpenAtOnce() {
        return mostOpen.get();
    }

    /**
     * Waits until this many connections have been accepted.
     *
     * @throws org.awaitility.core.ConditionTimeoutException when they were not within 30 s
     */
    void awaitConnections(int count) {
        await(count + " connections accepted").atMost(Duration.ofSeconds(30)).until(() -> connections.get() >= count);
    }

    private Void acceptLoop(Script script) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                threads.submit(() -> serve(client, script));
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    private Void serve(Socket client, Script script) {
        mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        try (client) {
            script.play(new Peer(client, received));
        } catch (IOException | InterruptedException e) {
            // the client went away; the test looks at what it got
        } finally {
            open.decrementAndGet();
            finished.incrementAndGet();
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        threads.shutdownNow();
    }
}
