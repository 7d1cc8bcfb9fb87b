package dev.push3.core.session;

import dev.push3.api.auth.Authenticator;
import dev.push3.api.metrics.MetricName;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.server.Backends;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers METRICS: the in-process counters (with the authenticator's own) plus every
 * configured source, read in parallel under one deadline. A source that fails or is late is
 * reported as {@code <name>.up=0} and the others still answer. A source has at most one
 * collection running at a time; concurrent requests share it. When two sources give one
 * name, the first one configured wins (the in-process counters come first).
 */
public final class MetricsCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsCollector.class);

    private final MetricRegistry registry;
    private final Authenticator authenticator;
    private final SequencedMap<String, MetricsSource> sources;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("push3-metrics-", 1).factory());
    private final Map<String, Boolean> lastUp = new ConcurrentHashMap<>();
    private final Map<String, Future<MetricsSnapshot>> inFlight = new ConcurrentHashMap<>();
    /** Each source's {@code <source>.up} name, made once: {@link MetricName#of} checks with a regular expression. */
    private final Map<String, MetricName> upNames;
    /** Whether the last METRICS was over its size limit, so that the incident is logged once. */
    private volatile boolean overLimit;

    /**
     * What one collection gave: the merged metrics, and how many of them each source added
     * (its {@code .up} included; a name another source gave first counts there), in
     * configuration order, {@code inprocess} first.
     */
    private record Collection(MetricsSnapshot metrics, SequencedMap<String, Integer> sizes) {
    }

    /**
     * Creates the collector.
     *
     * @param registry the in-process counters
     * @param authenticator the backend whose own counters join the in-process ones
     * @param sources the other sources, in configuration order
     * @param timeout how long to wait for all sources together
     */
    public MetricsCollector(MetricRegistry registry, Authenticator authenticator,
            SequencedMap<String, MetricsSource> sources, Duration timeout) {
        this.registry = registry;
        this.authenticator = authenticator;
        this.sources = sources;
        this.timeout = timeout;
        Map<String, MetricName> up = new ConcurrentHashMap<>();
        up.put(Backends.IN_PROCESS, MetricName.of(Backends.IN_PROCESS + ".up"));
        sources.keySet().forEach(name -> up.put(name, MetricName.of(name + ".up")));
        this.upNames = Map.copyOf(up);
    }

    /**
     * Reads every source.
     *
     * @return all metrics with one {@code <source>.up} per source; never null
     */
    public MetricsSnapshot collect() {
        return collectWithSizes().metrics();
    }

    /**
     * Reads every source and writes the text of a METRICS success ({@code name=value} pairs
     * separated by spaces), stopping as soon as it would be longer than {@code maxLength}:
     * a source that gives millions of metrics must not make the session build a reply of
     * that size. The first reply over the limit is logged, with how many metrics each source
     * added, and not the ones after it until a reply fits again.
     *
     * @param maxLength the most characters (octets: replies are ASCII) the text may have
     * @param limit what the limit is called in the log line, for example {@code metrics.max-reply-size=1048576}
     * @return the text; empty when it would be longer than {@code maxLength}
     */
    public Optional<String> collectText(int maxLength, String limit) {
        Collection collection = collectWithSizes();
        Optional<String> text = collection.metrics().format(" ", maxLength);
        if (text.isEmpty() && !overLimit) {
            overLimit = true;
            LOG.warn("METRICS answered FAIL: the reply would be longer than {} octets; metrics per source: {}",
                    limit, collection.sizes());
        } else if (text.isEmpty()) {
            LOG.debug("METRICS reply still over {}", limit);
        } else if (overLimit) {
            overLimit = false;
            LOG.info("METRICS replies fit within {} again", limit);
        }
        return text;
    }

    private Collection collectWithSizes() {
        long deadline = System.nanoTime() + timeout.toNanos();
        SequencedMap<String, Future<MetricsSnapshot>> pending = new LinkedHashMap<>();
        sources.forEach((name, source) -> pending.put(name, inFlight(name, source)));

        SequencedMap<String, Integer> sizes = new LinkedHashMap<>();
        MetricsSnapshot own = registry.snapshot();
        MetricsSnapshot authenticator = authenticatorMetrics();
        TreeMap<MetricName, BigDecimal> values = new TreeMap<>(own.values());
        authenticator.values().forEach(values::putIfAbsent);
        values.put(upNames.get(Backends.IN_PROCESS), BigDecimal.ONE);
        sizes.put(Backends.IN_PROCESS, own.size() + authenticator.size() + 1);
        pending.forEach((name, future) -> {
            int before = values.size();
            boolean up = await(name, future, deadline, values);
            values.put(upNames.get(name), up ? BigDecimal.ONE : BigDecimal.ZERO);
            sizes.put(name, values.size() - before);
        });
        return new Collection(new MetricsSnapshot(values), sizes);
    }

    /**
     * Returns the source's running collection, or starts one. Concurrent METRICS share a
     * collection, and a source that hangs holds one thread, not one per request.
     */
    private Future<MetricsSnapshot> inFlight(String name, MetricsSource source) {
        return inFlight.compute(name, (n, running) -> running != null && !running.isDone()
                ? running
                : executor.submit(source::collect));
    }

    private MetricsSnapshot authenticatorMetrics() {
        try {
            MetricsSnapshot own = authenticator.metrics();
            return own == null ? MetricsSnapshot.empty() : own;
        } catch (RuntimeException | Error e) { // a plugin's failure leaves out its counters, not the reply
            LOG.warn("The authenticator's own counters cannot be read: {}", e.toString());
            return MetricsSnapshot.empty();
        }
    }

    private boolean await(String name, Future<MetricsSnapshot> future, long deadline, Map<MetricName, BigDecimal> into) {
        try {
            MetricsSnapshot snapshot = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (snapshot == null) {
                return changed(name, false, "the source returned no snapshot");
            }
            snapshot.values().forEach(into::putIfAbsent);
            return changed(name, true, "");
        } catch (TimeoutException e) {
            // Not cancelled: the next METRICS joins this collection rather than starting another.
            return changed(name, false, "no answer within metrics.timeout=" + timeout);
        } catch (ExecutionException e) {
            return changed(name, false, String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Logs a source going down or coming back once, not on every METRICS. */
    private boolean changed(String name, boolean up, String reason) {
        Boolean before = lastUp.put(name, up);
        if (!up && !Boolean.FALSE.equals(before)) {
            LOG.warn("Metrics source '{}' is down: {}", name, reason);
        } else if (!up) {
            LOG.debug("Metrics source '{}' is still down: {}", name, reason);
        } else if (Boolean.FALSE.equals(before)) {
            LOG.info("Metrics source '{}' is up again", name);
        }
        return up;
    }

    /** Stops the threads of sources still running. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
