package dev.push3.core.server;

import dev.push3.core.audit.Audit;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.session.AuthPenalty;
import dev.push3.core.session.MeasuredAuthenticator;
import dev.push3.core.session.MetricsCollector;
import dev.push3.core.session.ServerCounters;
import dev.push3.core.session.SessionServices;
import dev.push3.core.session.SessionTls;
import dev.push3.core.tls.ServerTls;
import dev.push3.core.tls.TlsSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Push3 server: one listener thread per port (the Push3 port, and the
 * implicit-TLS port when {@code server.tls.port} is set) and one virtual thread per connection.
 *
 * <pre>{@code
 * try (Push3Server server = Push3Server.start(settings, Backends.of("file", authenticator))) {
 *     server.awaitClose();
 * }
 * }</pre>
 *
 * <p>{@link #close()} shuts down gracefully: it stops accepting, sends every open session
 * {@code ->FAIL: server shutting down}, waits up to {@link ServerSettings#shutdownGrace()}
 * for sessions to end, then closes the backends and stops watching the TLS files. Thread-safe.
 */
public final class Push3Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Push3Server.class);

    private final ServerSettings settings;
    private final Backends backends;
    private final Bound bound;
    private final MetricRegistry registry;
    private final MetricsCollector collector;
    private final ExecutorService sessionExecutor;
    private final ConnectionListener listener;
    private final List<Thread> listenerThreads;
    private final AuthPenalty penalty;
    /** Cuts stalled writes and forgets old penalties; one platform thread, started with the listener. */
    private final ScheduledExecutorService watchdog;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    /**
     * What start-up opens before anything runs, closed together when start-up fails or the server stops.
     *
     * @param plain the Push3 port
     * @param implicitTls the implicit-TLS port, when {@code server.tls.port} is set
     * @param tls the certificate and its file watcher, when {@code server.tls.cert} is set
     */
    private record Bound(ServerSocket plain, Optional<ServerSocket> implicitTls, Optional<ServerTls> tls) {
        void closeSockets() {
            closeQuietly(plain);
            implicitTls.ifPresent(Push3Server::closeQuietly);
        }
    }

    private Push3Server(ServerSettings settings, Backends backends, MetricRegistry registry, Bound bound, Audit audit,
            ThreadFactory sessionThreads) {
        this.settings = settings;
        this.backends = backends;
        this.registry = registry;
        this.bound = bound;
        ServerCounters counters = ServerCounters.register(registry, Instant.now());
        MeasuredAuthenticator authenticator = new MeasuredAuthenticator(backends.authenticatorName(), backends.authenticator(), registry);
        this.penalty = new AuthPenalty(settings.penaltyMax());
        registry.gauge("push3.auth.penalized_addresses", penalty::penalizedAddresses);
        this.collector = new MetricsCollector(registry, backends.authenticator(), backends.sources(), settings.metricsTimeout());
        this.sessionExecutor = Executors.newThreadPerTaskExecutor(sessionThreads);
        Optional<SessionTls> tls = bound.tls().map(server -> SessionTls.register(server, registry));
        this.listener = new ConnectionListener(
                new SessionServices(settings, authenticator, penalty, collector, counters, tls, audit), sessionExecutor);
        this.listenerThreads = bound.implicitTls().isEmpty()
                ? List.of(listenerThread("push3-listener", bound.plain(), false))
                : List.of(listenerThread("push3-listener", bound.plain(), false),
                        listenerThread("push3-tls-listener", bound.implicitTls().get(), true));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("push3-watchdog").daemon().factory());
    }

    /**
     * Binds the port and starts accepting, with a new counter registry.
     *
     * @param settings the limits and the address; not null
     * @param backends the authenticator and metrics sources; the server closes them at
     *     shutdown, or before this method throws
     * @return the running server; never null
     * @throws IOException when the address cannot be bound (for example, port in use)
     */
    public static Push3Server start(ServerSettings settings, Backends backends) throws IOException {
        return start(settings, backends, new MetricRegistry());
    }

    /**
     * Binds the port and starts accepting, counting into a registry the caller also uses
     * (an embedding POP3 server registers its own counters there).
     *
     * @param settings the limits and the address; not null
     * @param backends the authenticator and metrics sources; the server closes them at
     *     shutdown, or before this method throws
     * @param registry the in-process counters; not null
     * @return the running server; never null
     * @throws IOException when the address cannot be bound
     * @throws IllegalArgumentException when the registry already holds one of the server's
     *     names as another kind of metric, or the authenticator's name makes no valid metric name
     */
    public static Push3Server start(ServerSettings settings, Backends backends, MetricRegistry registry) throws IOException {
        return start(settings, backends, registry, new Audit(Clock.systemUTC()));
    }

    /**
     * As {@link #start(ServerSettings, Backends, MetricRegistry)}, writing the audit trail to
     * {@code audit}: for tests, which read the lines a session produced.
     */
    static Push3Server start(ServerSettings settings, Backends backends, MetricRegistry registry, Audit audit)
            throws IOException {
        return start(settings, backends, registry, audit, Thread.ofVirtual().name("push3-session-", 1).factory());
    }

    /**
     * As {@link #start(ServerSettings, Backends, MetricRegistry, Audit)}, making the session
     * threads with {@code sessionThreads}: for tests, which make it fail as running out of
     * memory would.
     */
    static Push3Server start(ServerSettings settings, Backends backends, MetricRegistry registry, Audit audit,
            ThreadFactory sessionThreads) throws IOException {
        Bound bound = bind(settings, backends);
        Push3Server server;
        try {
            server = new Push3Server(settings, backends, registry, bound, audit, sessionThreads);
        } catch (RuntimeException | Error e) {
            // A plugin whose name makes no metric name, or a registry that already holds one
            // of the server's names: nothing runs yet, but the ports and the backends are held.
            bound.closeSockets();
            bound.tls().ifPresent(ServerTls::close);
            backends.close();
            throw e;
        }
        try {
            server.startThreads();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        LOG.info("Push3 listening on {}{} with authenticator '{}' and metrics sources {}", server.address(),
                server.tlsPort().isPresent() ? " and with implicit TLS on port " + server.tlsPort().getAsInt()
                        : bound.tls().isPresent() ? " (STLS available)" : "",
                backends.authenticatorName(), java.util.stream.Stream.concat(java.util.stream.Stream.of(Backends.IN_PROCESS),
                        backends.sources().keySet().stream()).toList());
        return server;
    }

    /** Reads the certificate and binds the ports; on failure closes what it opened and the backends. */
    private static Bound bind(ServerSettings settings, Backends backends) throws IOException {
        Optional<ServerTls> tls = Optional.empty();
        ServerSocket plain = null;
        try {
            tls = settings.tls().enabled() ? Optional.of(ServerTls.start(settings.tls())) : Optional.empty();
            plain = listen(settings.bind(), settings.port(), "server.port");
            OptionalInt tlsPort = settings.tls().implicitPort();
            Optional<ServerSocket> implicit = tlsPort.isPresent()
                    ? Optional.of(listen(settings.bind(), tlsPort.getAsInt(), TlsSettings.PORT))
                    : Optional.empty();
            return new Bound(plain, implicit, tls);
        } catch (IOException | RuntimeException | Error e) {
            if (plain != null) {
                closeQuietly(plain);
            }
            tls.ifPresent(ServerTls::close);
            backends.close();
            throw e;
        }
    }

    private static ServerSocket listen(InetAddress address, int port, String portKey) throws IOException {
        ServerSocket serverSocket = new ServerSocket();
        try {
            serverSocket.setReuseAddress(true);
            serverSocket.bind(new InetSocketAddress(address, port), 128);
            return serverSocket;
        } catch (IOException e) {
            closeQuietly(serverSocket);
            throw new IOException("cannot listen on " + address.getHostAddress() + ":" + port
                    + " (server.bind, " + portKey + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(serverSocket);
            throw e;
        }
    }

    private Thread listenerThread(String name, ServerSocket serverSocket, boolean implicitTls) {
        return Thread.ofPlatform().name(name).unstarted(listener.acceptLoop(serverSocket, implicitTls));
    }

    private void startThreads() {
        listenerThreads.forEach(Thread::start);
        Duration writeTimeout = settings.writeTimeout();
        if (!writeTimeout.isZero()) {
            // A tenth of the limit, so a stalled session goes at most 10 % late; at most 1 s.
            long every = Math.clamp(writeTimeout.toMillis() / 10, 10, 1_000);
            watchdog.scheduleWithFixedDelay(guarded("cutting stalled writes", listener::abortStalledWrites),
                    every, every, TimeUnit.MILLISECONDS);
        }
        if (!settings.penaltyMax().isZero()) {
            long every = penalty.sweepInterval().toMillis();
            watchdog.scheduleWithFixedDelay(guarded("forgetting old LOGIN penalties", penalty::forgetExpired),
                    every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** A periodic task that throws would never run again: log and carry on instead. */
    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("Watchdog failed {}: {}", what, e.toString());
            }
        };
    }

    private static void closeQuietly(ServerSocket serverSocket) {
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.debug("Closing the listening socket: {}", e.toString());
        }
    }

    /**
     * Returns the bound port, useful when the settings asked for port 0.
     *
     * @return the port
     */
    public int port() {
        return bound.plain().getLocalPort();
    }

    /**
     * Returns the bound implicit-TLS port, useful when {@code server.tls.port} asked for 0.
     *
     * @return the port; empty when there is no implicit-TLS listener
     */
    public OptionalInt tlsPort() {
        return bound.implicitTls().map(socket -> OptionalInt.of(socket.getLocalPort())).orElseGet(OptionalInt::empty);
    }

    /**
     * Returns the bound address and port.
     *
     * @return the address; never null
     */
    public InetSocketAddress address() {
        return new InetSocketAddress(bound.plain().getInetAddress(), bound.plain().getLocalPort());
    }

    /**
     * Returns the registry of in-process counters, where an embedding server may add its own.
     *
     * @return the registry; never null
     */
    public MetricRegistry registry() {
        return registry;
    }

    /**
     * Blocks until {@link #close()} has finished, from whichever thread called it.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Shuts down gracefully; see the class description. Idempotent. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        LOG.info("Push3 shutting down");
        bound.closeSockets();
        listener.shutdownSessions();
        sessionExecutor.shutdown();
        awaitSessions();
        watchdog.shutdownNow();
        collector.close();
        backends.close();
        bound.tls().ifPresent(ServerTls::close);
        LOG.info("Push3 stopped");
        closed.countDown();
    }

    private void awaitSessions() {
        try {
            if (!sessionExecutor.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Sessions still running after server.shutdown-grace={}; closing them", settings.shutdownGrace());
                listener.abortSessions();
                sessionExecutor.shutdownNow();
            }
            for (Thread thread : listenerThreads) {
                thread.join(settings.shutdownGrace().toMillis() + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sessionExecutor.shutdownNow();
        }
    }

    private void awaitQuietly() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
