package dev.push3.app.exporter;

import com.sun.net.httpserver.HttpServer;
import dev.push3.core.http.SlowClientLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exporter's HTTP server (jdk.httpserver): {@code /probe} answers probes, every other
 * path a short 404. Requests and probes run on virtual threads; at most
 * {@code maxConcurrentProbes} probes run at once. Slow clients are cut as at Push3's own
 * {@code /metrics} ({@link SlowClientLimits}).
 *
 * <p>Lifecycle: {@link #start} binds and serves; {@link #close} stops accepting, gives
 * running exchanges a second, and stops the threads. Thread-safe.
 */
public final class ProbeExporter implements AutoCloseable {
    /** How long {@link #close()} lets running exchanges finish. */
    private static final int STOP_DELAY_SECONDS = 1;
    private static final Logger LOG = LoggerFactory.getLogger(ProbeExporter.class);
    private final HttpServer server;
    private final ExecutorService threads;

    private ProbeExporter(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * Binds and starts serving.
     *
     * @param listen the address and port to listen on; port 0 picks a free one
     * @param modules the modules by name; not empty
     * @param maxConcurrentProbes how many probes may run at once; at least 1
     * @return the running exporter; the caller closes it
     * @throws IOException when the address cannot be bound
     */
    public static ProbeExporter start(InetSocketAddress listen, Map<String, ProbeModule> modules, int maxConcurrentProbes)
            throws IOException {
        warnings(listen, modules);
        SlowClientLimits.apply();
        ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("push3-probe-", 1).factory());
        HttpServer server = HttpServer.create(listen, 0);
        server.setExecutor(threads);
        server.createContext("/probe", new ProbeHandler(modules, new Prober(threads), maxConcurrentProbes));
        server.createContext("/", exchange -> {
            try (exchange) {
                ProbeHandler.answer(exchange, 404, "Push3 exporter: probe with /probe?target=HOST:PORT&module=NAME\n");
            }
        });
        server.start();
        return new ProbeExporter(server, threads);
    }

    /**
     * One WARN for the modules that may be pointed at any target (any caller of {@code /probe}
     * could harvest their passwords with a listener of its own), one for a listener off
     * loopback (the exporter has no authentication, as the blackbox exporter without
     * {@code --web.config.file}).
     */
    private static void warnings(InetSocketAddress listen, Map<String, ProbeModule> modules) {
        List<String> open = modules.values().stream().filter(m -> m.targets().isEmpty()).map(ProbeModule::name).toList();
        if (!open.isEmpty()) {
            LOG.warn("Modules {} have no module.NAME.targets: anyone who can reach /probe can make them log in to any "
                    + "host and port, their own listener included, and read the password; list the targets (docs/MONITORING.md, Security)",
                    open);
        }
        if (!listen.getAddress().isLoopbackAddress()) {
            LOG.warn("Listening on {}, not a loopback address: the exporter has no authentication, so anyone who can "
                    + "reach it can run probes and read the targets' metrics (docs/MONITORING.md, Security)",
                    listen.getAddress().getHostAddress());
        }
    }

    /**
     * Returns the address it listens on, with the port chosen when 0 was asked for.
     *
     * @return the bound address
     */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The probe deadline's margin below Prometheus' scrape timeout, as the blackbox exporter's timeout_offset. */
    static Duration offset(Duration scrapeTimeout) {
        Duration blackbox = Duration.ofMillis(500);
        return scrapeTimeout.compareTo(blackbox.multipliedBy(4)) >= 0 ? blackbox : scrapeTimeout.dividedBy(4);
    }

    @Override
    public void close() {
        server.stop(STOP_DELAY_SECONDS);
        threads.shutdownNow();
    }
}
