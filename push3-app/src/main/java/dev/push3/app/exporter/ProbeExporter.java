package dev.push3.app.exporter;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The exporter's HTTP server (jdk.httpserver): {@code /probe} answers probes, every other
 * path a short 404. Requests and probes run on virtual threads; at most
 * {@code maxConcurrentProbes} probes run at once.
 *
 * <p>Lifecycle: {@link #start} binds and serves; {@link #close} stops accepting, gives
 * running exchanges a second, and stops the threads. Thread-safe.
 */
public final class ProbeExporter implements AutoCloseable {
    /** How long {@link #close()} lets running exchanges finish. */
    private static final int STOP_DELAY_SECONDS = 1;
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
