package dev.push3.core.server;

import dev.push3.core.audit.Audit;
import dev.push3.core.session.ClientNetwork;
import dev.push3.core.session.Session;
import dev.push3.core.session.SessionServices;
import dev.push3.core.wire.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections, on one platform thread per listening socket (the Push3 port, and
 * the implicit-TLS port when there is one), and hands each to a virtual thread. Both
 * ports share the limits below and the sessions' set.
 *
 * <p>A permit is taken for each session and released when it ends, whatever happens; so is
 * a place among the connections of the client's address ({@link ClientNetwork}). A
 * connection that finds no permit, or whose address holds all its places, gets one FAIL
 * line and is closed at once: overload is refused explicitly rather than left hanging in
 * the backlog, and one address cannot take every permit. On the implicit-TLS port a refused
 * connection is closed without a line: the client expects a TLS handshake, not clear text,
 * and the handshake is the very cost the limit is there to avoid.
 */
final class ConnectionListener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionListener.class);
    private static final long REFUSAL_WARNING_INTERVAL_NANOS = 10_000_000_000L;
    private static final long MAX_ACCEPT_PAUSE_MILLIS = 1_000;
    private static final byte[] TOO_MANY = failLine("too many connections, try again later");
    private static final byte[] TOO_MANY_FROM_ADDRESS = failLine("too many connections from your address");

    private final SessionServices services;
    private final ExecutorService executor;
    /** Sessions open; at most {@code server.max-connections} as in force when each was accepted. */
    private final AtomicInteger open = new AtomicInteger();
    /** Open sessions per client network; an entry goes when its last session ends. */
    private final Map<ClientNetwork, Integer> perAddress = new ConcurrentHashMap<>();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong lastRefusalWarning = new AtomicLong(System.nanoTime() - REFUSAL_WARNING_INTERVAL_NANOS);
    private final AtomicLong lastAcceptWarning = new AtomicLong(System.nanoTime() - REFUSAL_WARNING_INTERVAL_NANOS);
    private volatile boolean closing;

    ConnectionListener(SessionServices services, ExecutorService executor) {
        this.services = services;
        this.executor = executor;
    }

    /**
     * Returns the accept loop of one listening socket, to run on its own platform thread;
     * it ends when the socket is closed.
     *
     * @param serverSocket the bound socket
     * @param implicitTls whether its sessions start with a TLS handshake
     * @return the loop
     */
    Runnable acceptLoop(ServerSocket serverSocket, boolean implicitTls) {
        return () -> accept(serverSocket, implicitTls);
    }

    private void accept(ServerSocket serverSocket, boolean implicitTls) {
        int failures = 0;
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                services.counters().connectionsTotal().increment();
                dispatch(socket, implicitTls);
                failures = 0;
            } catch (IOException | RuntimeException | Error e) {
                // Out of file descriptors, of memory for one more thread: transient, and the
                // thread must outlive it, or the server would look alive but accept nothing.
                if (!serverSocket.isClosed()) {
                    failures++;
                    acceptFailed(e, failures);
                }
            }
        }
        LOG.debug("Listener stopped");
    }

    /**
     * Logs a failure of the accept loop at most every 10 s, so a lasting one (no memory, no
     * file descriptors) is one line, not a flood, and backs off: 50 ms after the first failure
     * in a row, doubling up to 1 s.
     */
    private void acceptFailed(Throwable failure, int inARow) {
        long now = System.nanoTime();
        long last = lastAcceptWarning.get();
        long pauseMillis = Math.min(MAX_ACCEPT_PAUSE_MILLIS, 50L << Math.min(inARow - 1, 5));
        if (now - last >= REFUSAL_WARNING_INTERVAL_NANOS && lastAcceptWarning.compareAndSet(last, now)) {
            LOG.error("Accepting a connection failed ({} in a row): {}; trying again in {} ms, further failures "
                    + "are logged at most every 10 s", inARow, failure.toString(), pauseMillis);
        } else {
            LOG.debug("Accepting a connection failed again ({} in a row): {}", inARow, failure.toString());
        }
        try {
            Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(Socket socket, boolean implicitTls) {
        ClientNetwork network = null;
        boolean holdsPermit = false;
        boolean placed = false;
        try {
            network = ClientNetwork.of(socket.getInetAddress());
            boolean permitted = holdsPermit = takePermit();
            placed = permitted && enter(network);
            if (permitted && !placed) {
                open.decrementAndGet(); // refused for its address: a refusal holds no permit
                holdsPermit = false;
            }
            executor.execute(task(socket, network, placed, permitted, implicitTls));
        } catch (RuntimeException | Error e) {
            // Anything before the session thread owns the connection (no memory for its place,
            // its task or its thread; rejected at shutdown): the connection goes, its permit and
            // place come back, and the accept loop decides what to log. Otherwise each such
            // failure would leave a permit taken for good, and the server would refuse everyone.
            closeQuietly(socket);
            if (placed) {
                leave(network);
            } else if (holdsPermit) {
                open.decrementAndGet();
            }
            if (!(e instanceof RejectedExecutionException)) {
                throw e;
            }
        }
    }

    private Runnable task(Socket socket, ClientNetwork network, boolean placed, boolean permitted, boolean implicitTls) {
        if (placed) {
            return new SessionTask(socket, network, implicitTls);
        }
        if (permitted) {
            byte[] fromAddress = implicitTls ? new byte[0] : TOO_MANY_FROM_ADDRESS;
            return () -> refuse(socket, fromAddress, "server.max-connections-per-address",
                    services.settings().get().maxConnectionsPerAddress(), "too-many-connections-from-address");
        }
        byte[] tooMany = implicitTls ? new byte[0] : TOO_MANY;
        return () -> refuse(socket, tooMany, "server.max-connections", services.settings().get().maxConnections(),
                "too-many-connections");
    }

    /** A counter rather than a semaphore: server.max-connections may change while sessions run. */
    private boolean takePermit() {
        int max = services.settings().get().maxConnections();
        return open.getAndUpdate(count -> count < max ? count + 1 : count) < max;
    }

    private boolean enter(ClientNetwork network) {
        int max = services.settings().get().maxConnectionsPerAddress();
        AtomicBoolean entered = new AtomicBoolean();
        perAddress.compute(network, (n, held) -> {
            int count = held == null ? 0 : held;
            entered.set(count < max);
            return count < max ? count + 1 : held;
        });
        return entered.get();
    }

    /** Gives back the session's place among its address's and its permit. */
    private void leave(ClientNetwork network) {
        perAddress.computeIfPresent(network, (n, count) -> count == 1 ? null : count - 1);
        open.decrementAndGet();
    }

    /**
     * Serves one accepted connection on its virtual thread. A class whose {@code run} does it,
     * not a lambda calling a method: two frames fewer in the stack that every idle session's
     * parked thread keeps.
     */
    private final class SessionTask implements Runnable {
        private final Socket socket;
        private final ClientNetwork network;
        private final boolean implicitTls;

        SessionTask(Socket socket, ClientNetwork network, boolean implicitTls) {
            this.socket = socket;
            this.network = network;
            this.implicitTls = implicitTls;
        }

        @Override
        public void run() {
            Session session = null;
            try {
                socket.setTcpNoDelay(true);
                session = new Session(nextId.getAndIncrement(), socket, network, services, implicitTls);
                sessions.add(session);
                if (closing) {
                    session.shutdown(); // accepted while shutdown was going through the sessions
                }
                session.run();
            } catch (IOException e) {
                LOG.debug("Connection from {} failed before its session started: {}", socket.getRemoteSocketAddress(),
                        e.toString());
                closeQuietly(socket);
            } catch (RuntimeException | Error e) { // a session that could not even be made (out of memory)
                LOG.error("Connection from {} failed before its session started: {}", socket.getRemoteSocketAddress(),
                        e.toString());
                closeQuietly(socket);
            } finally {
                if (session != null) {
                    sessions.remove(session);
                }
                leave(network);
            }
        }
    }

    private void refuse(Socket socket, byte[] reply, String limit, int value, String outcome) {
        services.counters().connectionsRefused().increment();
        // A flood of refusals must not become a flood of log lines: warn at most every 10 s.
        long now = System.nanoTime();
        long last = lastRefusalWarning.get();
        if (now - last >= REFUSAL_WARNING_INTERVAL_NANOS && lastRefusalWarning.compareAndSet(last, now)) {
            LOG.warn("Refusing connections: {}={} reached, for example by {} (push3.connections.refused counts them)",
                    limit, value, socket.getInetAddress().getHostAddress());
        } else {
            LOG.debug("Refusing {}: {} reached", socket.getRemoteSocketAddress(), limit);
        }
        if (socket.getRemoteSocketAddress() instanceof InetSocketAddress remote) {
            services.audit().record(new Audit.Peer(0, remote, Optional.empty(), Optional.empty()), Audit.Event.CONNECT, outcome);
        }
        try (socket; OutputStream out = socket.getOutputStream()) {
            out.write(reply);
        } catch (IOException e) {
            LOG.debug("Refused connection closed early: {}", e.toString());
        }
    }

    /**
     * Tells every open session the server is shutting down and closes it. Each notice goes
     * out on its own virtual thread: a client that stopped reading can block a write, and
     * must hold up neither the shutdown nor the other sessions.
     */
    void shutdownSessions() {
        closing = true;
        sessions.forEach(session -> Thread.ofVirtual().name("push3-shutdown-notice").start(session::shutdown));
    }

    /**
     * Ends every session whose current reply has been blocked longer than
     * {@code server.write-timeout}; called periodically by the server's watchdog thread.
     */
    void abortStalledWrites() {
        long now = System.nanoTime();
        sessions.forEach(session -> session.abortStalledWrite(now));
    }

    /** Closes every session's connection at once, told or not; for when the grace period is over. */
    void abortSessions() {
        sessions.forEach(Session::abort);
    }

    private static byte[] failLine(String text) {
        return (new Reply.Fail(text).toLine() + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.trace("close: {}", e.toString());
        }
    }
}
