package dev.push3.core.server;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricInfo;
import dev.push3.core.audit.Audit;
import dev.push3.core.http.MetricsEndpoint;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.session.AuthPenalty;
import dev.push3.core.session.MeasuredAuthenticator;
import dev.push3.core.session.MetricsCollector;
import dev.push3.core.session.ServerCounters;
import dev.push3.core.session.SessionServices;
import dev.push3.core.session.SessionTls;
import dev.push3.core.settings.HttpSettings;
import dev.push3.core.settings.ServerSettings;
import dev.push3.core.settings.NeedsRestartException;
import dev.push3.core.settings.SettingGroup;
import dev.push3.core.settings.SettingsRegistry;
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
import java.util.function.Supplier;
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

    /** The settings in force: read once per use, so a change made meanwhile applies next time. */
    private final Supplier<ServerSettings> settings;
    private final SettingsRegistry live;
    private final Audit audit;
    private final Backends backends;
    private final Bound bound;
    private final MetricRegistry registry;
    private final MetricsCollector collector;
    private final ExecutorService sessionExecutor;
    private final ConnectionListener listener;
    private final List<Thread> listenerThreads;
    private final AuthPenalty penalty;
    private final MetricsEndpoint.Services httpServices;
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
     * @param http the Prometheus endpoint, when {@code http.port} is set
     */
    private record Bound(ServerSocket plain, Optional<ServerSocket> implicitTls, Optional<ServerTls> tls,
            Optional<MetricsEndpoint> http) {
        void closeSockets() {
            http.ifPresent(MetricsEndpoint::close);
            closeQuietly(plain);
            implicitTls.ifPresent(Push3Server::closeQuietly);
        }
    }

    private Push3Server(Supplier<ServerSettings> settings, SettingsRegistry live, Backends backends, MetricRegistry registry,
            Bound bound, Audit audit, ThreadFactory sessionThreads) {
        this.settings = settings;
        this.live = live;
        this.audit = audit;
        this.backends = backends;
        this.registry = registry;
        this.bound = bound;
        ServerCounters counters = ServerCounters.register(registry, Instant.now());
        MeasuredAuthenticator authenticator = new MeasuredAuthenticator(backends.authenticatorName(), backends.authenticator(), registry);
        this.penalty = new AuthPenalty(settings.get().penaltyMax());
        registry.gauge("push3.auth.penalized_addresses", MetricInfo.gauge(
                "Client addresses whose LOGINs are delayed after failures now"), penalty::penalizedAddresses);
        this.collector = new MetricsCollector(registry, authenticator, backends.sources());
        this.httpServices = new MetricsEndpoint.Services(collector, authenticator, penalty, settings, audit, registry);
        this.sessionExecutor = Executors.newThreadPerTaskExecutor(sessionThreads);
        Optional<SessionTls> tls = bound.tls().map(server -> SessionTls.register(server, registry));
        this.listener = new ConnectionListener(
                new SessionServices(settings, live, authenticator, penalty, collector, counters, tls, audit), sessionExecutor);
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
        return start(new SettingsRegistry(PluginConfig.of(settings.shown())), backends, registry);
    }

    /**
     * Binds the port and starts accepting, with live settings that {@code CONFIG} and
     * {@link #reload} change: the server registers its own keys ({@link ServerSettings#group})
     * in {@code settings}, beside those the caller registered (an embedding POP3 server's
     * tunables, the log level, plugins' keys).
     *
     * @param settings the live settings, holding the configuration the server starts with; not null
     * @param backends the authenticator and metrics sources; the server closes them at
     *     shutdown, or before this method throws
     * @param registry the in-process counters; not null
     * @return the running server; never null
     * @throws IOException when the address cannot be bound
     * @throws dev.push3.api.ConfigException for a bad value of one of the server's keys
     */
    public static Push3Server start(SettingsRegistry settings, Backends backends, MetricRegistry registry) throws IOException {
        return start(settings, backends, registry, new Audit(Clock.systemUTC()));
    }

    /** As {@link #start(ServerSettings, Backends, MetricRegistry)}, writing the audit trail to {@code audit}: for tests. */
    static Push3Server start(ServerSettings settings, Backends backends, MetricRegistry registry, Audit audit)
            throws IOException {
        return start(new SettingsRegistry(PluginConfig.of(settings.shown())), backends, registry, audit);
    }

    /**
     * As {@link #start(ServerSettings, Backends, MetricRegistry, Audit)}, making the session
     * threads with {@code sessionThreads}: for tests, which make it fail as running out of
     * memory would.
     */
    static Push3Server start(ServerSettings settings, Backends backends, MetricRegistry registry, Audit audit,
            ThreadFactory sessionThreads) throws IOException {
        return start(new SettingsRegistry(PluginConfig.of(settings.shown())), backends, registry, audit, sessionThreads);
    }

    /**
     * As {@link #start(SettingsRegistry, Backends, MetricRegistry)}, writing the audit trail to
     * {@code audit}: for tests, which read the lines a session produced.
     */
    static Push3Server start(SettingsRegistry live, Backends backends, MetricRegistry registry, Audit audit)
            throws IOException {
        return start(live, backends, registry, audit, Thread.ofVirtual().name("push3-session-", 1).factory());
    }

    private static Push3Server start(SettingsRegistry live, Backends backends, MetricRegistry registry, Audit audit,
            ThreadFactory sessionThreads) throws IOException {
        Changes changes = new Changes();
        Supplier<ServerSettings> settings;
        try {
            settings = live.register(changes.group());
        } catch (RuntimeException e) {
            backends.close();
            throw e;
        }
        Bound bound = bind(settings.get(), backends);
        Push3Server server;
        try {
            server = new Push3Server(settings, live, backends, registry, bound, audit, sessionThreads);
            changes.server = server;
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

    /**
     * Validates and applies a change of the server's keys for the registry: a new certificate
     * pair is read as at start-up before it is accepted; TLS cannot be turned on or off
     * without a restart (the listeners and CAPA were set up for one or the other).
     */
    private static final class Changes {
        volatile Push3Server server;

        SettingGroup<ServerSettings> group() {
            SettingGroup<ServerSettings> plain = ServerSettings.group(this::apply);
            return new SettingGroup<>(plain.keys(), config -> check(ServerSettings.fromConfig(config)), plain.show(),
                    plain.apply());
        }

        private ServerSettings check(ServerSettings next) {
            Push3Server running = server;
            if (running == null) {
                return next; // start-up: ServerTls.start reads the files
            }
            TlsSettings now = running.settings.get().tls();
            if (now.enabled() != next.tls().enabled()) {
                throw new NeedsRestartException(List.of(TlsSettings.CERT, TlsSettings.KEY),
                        "turning TLS " + (now.enabled() ? "off" : "on"));
            }
            if (next.tls().enabled() && !(now.certificate().equals(next.tls().certificate())
                    && now.privateKey().equals(next.tls().privateKey()))) {
                ServerTls.check(next.tls());
            }
            return next;
        }

        private void apply(ServerSettings next) {
            Push3Server running = server;
            if (running == null) {
                return;
            }
            running.penalty.maximum(next.penaltyMax());
            running.bound.tls().ifPresent(tls -> tls.use(next.tls()));
        }
    }

    /**
     * Re-reads the configuration (SIGHUP): validates every key of it, applies those that may
     * change at run time and changed, audits each change ({@code "event":"config","outcome":"reloaded"}),
     * and logs the keys that need a restart. A file with any bad value changes nothing.
     *
     * @param file the keys the configuration file sets now, with the command line's
     *     overrides applied; not null
     * @return what was applied, or why nothing was; never null
     */
    public SettingsRegistry.Reload reload(PluginConfig file) {
        return reload(() -> file);
    }

    /**
     * As {@link #reload(PluginConfig)}, reading the file under the live settings' lock
     * ({@link SettingsRegistry#reload(Supplier)}): a {@code CONFIG} change and its write-back
     * come wholly before or after the read, so the file and the running values agree.
     *
     * @param read reads the configuration file with the overrides applied; a
     *     {@link dev.push3.api.ConfigException} it throws refuses the reload
     * @return what was applied, or why nothing was; never null
     */
    public SettingsRegistry.Reload reload(Supplier<PluginConfig> read) {
        SettingsRegistry.Reload outcome = live.reload(read);
        switch (outcome) {
            case SettingsRegistry.Reload.Refused refused -> LOG.warn(
                    "Configuration reload refused, the running configuration is kept: {}", refused.error().getMessage());
            case SettingsRegistry.Reload.Reloaded reloaded -> {
                reloaded.applied().forEach(change -> {
                    LOG.info("Configuration reload changed {} from {} to {}", change.key(), change.shownOld(), change.shownNew());
                    audit.recordChange(Optional.empty(), "reloaded", change.key(), change.shownOld(), change.shownNew());
                });
                reloaded.needRestart().forEach(key -> LOG.warn("Configuration reload: {} changed and needs a restart", key));
                LOG.info("Configuration reloaded: {} changed, {} waiting for a restart", reloaded.applied().size(),
                        reloaded.needRestart().size());
            }
        }
        return outcome;
    }

    /** Reads the certificate and binds the ports; on failure closes what it opened and the backends. */
    private static Bound bind(ServerSettings settings, Backends backends) throws IOException {
        Optional<ServerTls> tls = Optional.empty();
        ServerSocket plain = null;
        Optional<ServerSocket> implicit = Optional.empty();
        try {
            tls = settings.tls().enabled() ? Optional.of(ServerTls.start(settings.tls())) : Optional.empty();
            plain = listen(settings.bind(), settings.port(), "server.port");
            OptionalInt tlsPort = settings.tls().implicitPort();
            implicit = tlsPort.isPresent()
                    ? Optional.of(listen(settings.bind(), tlsPort.getAsInt(), TlsSettings.PORT))
                    : Optional.empty();
            Optional<MetricsEndpoint> http = settings.http().enabled()
                    ? Optional.of(bindHttp(settings.http(), tls)) : Optional.empty();
            return new Bound(plain, implicit, tls, http);
        } catch (IOException | RuntimeException | Error e) {
            if (plain != null) {
                closeQuietly(plain);
            }
            implicit.ifPresent(Push3Server::closeQuietly);
            tls.ifPresent(ServerTls::close);
            backends.close();
            throw e;
        }
    }

    private static MetricsEndpoint bindHttp(HttpSettings http, Optional<ServerTls> tls) throws IOException {
        try {
            return MetricsEndpoint.bind(new InetSocketAddress(http.bind(), http.port().orElseThrow()), http.maxRequests(), tls);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + http.bind().getHostAddress() + ":" + http.port().getAsInt()
                    + " (" + HttpSettings.BIND + ", " + HttpSettings.PORT + "): " + e.getMessage(), e);
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
        bound.http().ifPresent(http -> http.start(httpServices));
        // Both run even when their limit is off at start: CONFIG may turn it on later.
        Duration writeTimeout = settings.get().writeTimeout();
        // A tenth of the limit, so a stalled session goes at most 10 % late; at most 1 s.
        long writeEvery = writeTimeout.isZero() ? 1_000 : Math.clamp(writeTimeout.toMillis() / 10, 10, 1_000);
        watchdog.scheduleWithFixedDelay(guarded("cutting stalled writes", listener::abortStalledWrites),
                writeEvery, writeEvery, TimeUnit.MILLISECONDS);
        long sweepEvery = penalty.sweepInterval().isZero() ? 60_000 : penalty.sweepInterval().toMillis();
        watchdog.scheduleWithFixedDelay(guarded("forgetting old LOGIN penalties", penalty::forgetExpired),
                sweepEvery, sweepEvery, TimeUnit.MILLISECONDS);
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
     * Returns the bound port of the Prometheus endpoint, useful when {@code http.port} asked for 0.
     *
     * @return the port; empty when {@code http.port} is not set
     */
    public OptionalInt httpPort() {
        return bound.http().map(http -> OptionalInt.of(http.port())).orElseGet(OptionalInt::empty);
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
            if (!sessionExecutor.awaitTermination(settings.get().shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Sessions still running after server.shutdown-grace={}; closing them", settings.get().shutdownGrace());
                listener.abortSessions();
                sessionExecutor.shutdownNow();
            }
            for (Thread thread : listenerThreads) {
                thread.join(settings.get().shutdownGrace().toMillis() + 1);
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
