package dev.push3.core.server;

import dev.push3.core.client.Reply;
import dev.push3.core.session.Session;
import dev.push3.core.session.SessionServices;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections on one platform thread and hands each to a virtual thread.
 *
 * <p>A permit is taken for each session and released when it ends, whatever happens. A
 * connection that finds no permit gets one FAIL line and is closed at once: overload is
 * refused explicitly rather than left hanging in the backlog.
 */
final class ConnectionListener implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionListener.class);
    private static final long REFUSAL_WARNING_INTERVAL_NANOS = 10_000_000_000L;
    private static final byte[] TOO_MANY = (new Reply.Fail("too many connections, try again later").toLine() + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket serverSocket;
    private final SessionServices services;
    private final ExecutorService executor;
    private final Semaphore permits;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong lastRefusalWarning = new AtomicLong(System.nanoTime() - REFUSAL_WARNING_INTERVAL_NANOS);
    private volatile boolean closing;

    ConnectionListener(ServerSocket serverSocket, SessionServices services, ExecutorService executor) {
        this.serverSocket = serverSocket;
        this.services = services;
        this.executor = executor;
        this.permits = new Semaphore(services.settings().maxConnections());
    }

    @Override
    public void run() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    LOG.warn("accept failed: {}", e.toString());
                    pauseAfterAcceptFailure();
                }
                continue;
            }
            services.counters().connectionsTotal().increment();
            dispatch(socket);
        }
        LOG.debug("Listener stopped");
    }

    private void dispatch(Socket socket) {
        boolean permitted = permits.tryAcquire();
        try {
            executor.execute(permitted ? () -> serve(socket) : () -> refuse(socket));
        } catch (RejectedExecutionException e) {
            closeQuietly(socket);
            if (permitted) {
                permits.release();
            }
        }
    }

    private void serve(Socket socket) {
        Session session = null;
        try {
            socket.setTcpNoDelay(true);
            session = new Session(nextId.getAndIncrement(), socket, services);
            sessions.add(session);
            if (closing) {
                session.shutdown(); // accepted while shutdown was going through the sessions
            }
            session.run();
        } catch (IOException e) {
            LOG.debug("Connection from {} failed before its session started: {}", socket.getRemoteSocketAddress(), e.toString());
            closeQuietly(socket);
        } finally {
            if (session != null) {
                sessions.remove(session);
            }
            permits.release();
        }
    }

    private void refuse(Socket socket) {
        services.counters().connectionsRefused().increment();
        // A flood of refusals must not become a flood of log lines: warn at most every 10 s.
        long now = System.nanoTime();
        long last = lastRefusalWarning.get();
        if (now - last >= REFUSAL_WARNING_INTERVAL_NANOS && lastRefusalWarning.compareAndSet(last, now)) {
            LOG.warn("Refusing connections: server.max-connections={} reached (push3.connections.refused counts them)",
                    services.settings().maxConnections());
        } else {
            LOG.debug("Refusing {}: server.max-connections reached", socket.getRemoteSocketAddress());
        }
        try (socket; OutputStream out = socket.getOutputStream()) {
            out.write(TOO_MANY);
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

    /** Closes every session's connection at once, told or not; for when the grace period is over. */
    void abortSessions() {
        sessions.forEach(Session::abort);
    }

    /** Running out of file descriptors makes accept fail at once; do not spin on it. */
    private static void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.trace("close: {}", e.toString());
        }
    }
}
