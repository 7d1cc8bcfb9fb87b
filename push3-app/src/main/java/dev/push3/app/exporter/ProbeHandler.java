package dev.push3.app.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.push3.api.metrics.MetricsSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET /probe?target=HOST:PORT&module=NAME}, as the blackbox exporter answers
 * {@code /probe}: HTTP 200 with {@code push3_probe_success} 1 or 0 whatever happened to the
 * target; HTTP 400 for a request the exporter cannot run (no target, unknown module, a target
 * the module's {@code targets} do not list, to which nothing is sent); 503
 * when {@code maxConcurrentProbes} probes are running and none ends before this one's
 * deadline; 500 with a log line for a fault of the exporter's own. A target's metric that
 * Prometheus cannot carry is left out, counted in {@code push3_probe_metrics_left_out} and
 * logged once per target and module. The deadline is the module's timeout, shortened to Prometheus' scrape timeout
 * ({@code X-Prometheus-Scrape-Timeout-Seconds}) less a margin.
 */
final class ProbeHandler implements HttpHandler {
    static final String SCRAPE_TIMEOUT_HEADER = "X-Prometheus-Scrape-Timeout-Seconds";
    private static final Logger LOG = LoggerFactory.getLogger(ProbeHandler.class);
    private final Map<String, ProbeModule> modules;
    private final Prober prober;
    private final Semaphore permits;
    private final int maxConcurrentProbes;
    private static final int MAX_WARNED = 10_000;
    private final Set<String> warnedLeftOut = ConcurrentHashMap.newKeySet();

    ProbeHandler(Map<String, ProbeModule> modules, Prober prober, int maxConcurrentProbes) {
        this.modules = Map.copyOf(modules);
        this.prober = prober;
        this.permits = new Semaphore(maxConcurrentProbes);
        this.maxConcurrentProbes = maxConcurrentProbes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                answerProbe(exchange);
            } catch (RuntimeException e) { // a fault of ours: still an answer and one log line, never a dropped connection
                LOG.error("Answering {} failed: {}", exchange.getRequestURI().getRawPath(), oneLine(String.valueOf(e)));
                if (exchange.getResponseCode() == -1) {
                    answer(exchange, 500, "the exporter failed; see its log\n");
                }
            }
        }
    }

    private void answerProbe(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            answer(exchange, 405, "use GET /probe?target=HOST:PORT&module=NAME\n");
            return;
        }
        Map<String, String> query;
        try {
            query = query(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) { // a malformed %-escape
            answer(exchange, 400, "malformed query: " + e.getMessage() + "\n");
            return;
        }
        Optional<String> problem = problem(query);
        if (problem.isPresent()) {
            answer(exchange, 400, problem.get() + "\n");
            return;
        }
        probe(exchange, Target.parse(query.get("target")), modules.get(query.get("module")));
    }

    private Optional<String> problem(Map<String, String> query) {
        String target = query.get("target");
        String module = query.get("module");
        String known = "; modules: " + String.join(", ", new TreeSet<>(modules.keySet()));
        if (target == null || target.isEmpty()) {
            return Optional.of("target parameter is missing: /probe?target=HOST:PORT&module=NAME");
        }
        if (module == null || module.isEmpty()) {
            return Optional.of("module parameter is missing: /probe?target=HOST:PORT&module=NAME" + known);
        }
        if (!modules.containsKey(module)) {
            return Optional.of("unknown module '" + module + "'" + known);
        }
        try {
            return modules.get(module).allows(Target.parse(target)) ? Optional.empty()
                    : Optional.of("target not allowed for module " + module); // nothing is sent to it
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private void probe(HttpExchange exchange, Target target, ProbeModule module) throws IOException {
        Duration deadline = deadline(module, exchange.getRequestHeaders().getFirst(SCRAPE_TIMEOUT_HEADER));
        long start = System.nanoTime();
        try {
            if (!permits.tryAcquire(deadline.toNanos(), TimeUnit.NANOSECONDS)) {
                answer(exchange, 503, "too many probes at once (--max-concurrent-probes=" + maxConcurrentProbes + ")\n");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(exchange, 503, "the exporter is stopping\n");
            return;
        }
        ProbeResult result;
        try {
            result = prober.probe(target, module, deadline.minusNanos(System.nanoTime() - start));
        } finally {
            permits.release();
        }
        if (result instanceof ProbeResult.Failed failed) {
            LOG.info("Probe of {} with module {} failed after {} ms: {}", target, module.name(),
                    failed.duration().toMillis(), oneLine(failed.reason()));
        }
        ProbeText.Answer answer = ProbeText.write(result);
        if (!answer.leftOut().isEmpty() && warnedLeftOut(target + " " + module.name())) {
            LOG.warn("Probe of {} with module {}: left out {} metrics Prometheus cannot carry (more than {} digits, or no "
                    + "usable name), first {}; counted in {} on every probe, logged once per target and module",
                    target, module.name(), answer.leftOut().size(), MetricsSnapshot.MAX_DIGITS,
                    oneLine(answer.leftOut().first()), ProbeText.LEFT_OUT);
        }
        exchange.getResponseHeaders().set("Content-Type", ReplyFamilies.contentType());
        send(exchange, 200, answer.text());
    }

    /** True the first time for a target and module; a bounded memory, so a scan of many targets cannot grow it without end. */
    private boolean warnedLeftOut(String key) {
        if (warnedLeftOut.size() >= MAX_WARNED) {
            warnedLeftOut.clear();
        }
        return warnedLeftOut.add(key);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}+", " ");
    }

    /** The module's timeout, or Prometheus' scrape timeout less the margin when that is shorter. */
    static Duration deadline(ProbeModule module, String scrapeTimeoutHeader) {
        if (scrapeTimeoutHeader == null) {
            return module.timeout();
        }
        try {
            Duration scrape = Duration.ofNanos((long) (Double.parseDouble(scrapeTimeoutHeader.strip()) * 1e9));
            if (scrape.isNegative() || scrape.isZero()) {
                return module.timeout();
            }
            Duration bounded = scrape.minus(ProbeExporter.offset(scrape));
            return bounded.compareTo(module.timeout()) < 0 ? bounded : module.timeout();
        } catch (NumberFormatException e) {
            return module.timeout(); // not Prometheus' header; the module's own bound still holds
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new HashMap<>();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    /**
     * Answers with a short text.
     *
     * @param exchange the exchange; closed by the caller
     * @param status the HTTP status
     * @param message one or more lines, never a password
     */
    static void answer(HttpExchange exchange, int status, String message) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        send(exchange, status, message.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
