package dev.push3.core.session;

import dev.push3.api.ProviderName;
import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricName;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.core.metrics.MetricRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
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
    private static final MetricInfo SOURCE_UP = MetricInfo.gauge(
            "1 when the metrics source answered within metrics.timeout, 0 when it failed or was late");

    private final MetricRegistry registry;
    private final MeasuredAuthenticator authenticator;
    private final SequencedMap<String, MetricsSource> sources;
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
     */
    public MetricsCollector(MetricRegistry registry, MeasuredAuthenticator authenticator,
            SequencedMap<String, MetricsSource> sources) {
        this.registry = registry;
        this.authenticator = authenticator;
        this.sources = sources;
        Map<String, MetricName> up = new LinkedHashMap<>();
        up.put(ProviderName.IN_PROCESS, MetricName.of(ProviderName.IN_PROCESS + ".up"));
        sources.keySet().forEach(name -> up.put(name, MetricName.of(name + ".up")));
        this.upNames = Map.copyOf(up);
    }

    /**
     * Reads every source.
     *
     * @param timeout how long to wait for all sources together ({@code metrics.timeout} of the
     *     asking session's settings)
     * @return all metrics with one {@code <source>.up} per source; never null
     */
    public MetricsSnapshot collect(Duration timeout) {
        return collectWithSizes(timeout).metrics();
    }

    /**
     * Reads every source and writes the text of a METRICS success ({@code name=value} pairs
     * separated by spaces), stopping as soon as it would be longer than {@code maxLength}:
     * a source that gives millions of metrics must not make the session build a reply of
     * that size. The first reply over the limit is logged, with how many metrics each source
     * added, and not the ones after it until a reply fits again.
     *
     * @param timeout how long to wait for all sources together ({@code metrics.timeout})
     * @param maxLength the most characters (octets: replies are ASCII) the text may have
     * @param limit what the limit is called in the log line, for example {@code metrics.max-reply-size=1048576}
     * @return the text; empty when it would be longer than {@code maxLength}
     */
    public Optional<String> collectText(Duration timeout, int maxLength, String limit) {
        Collection collection = collectWithSizes(timeout);
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

    private Collection collectWithSizes(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SequencedMap<String, Future<MetricsSnapshot>> pending = new LinkedHashMap<>();
        sources.forEach((name, source) -> pending.put(name, inFlight(name, source)));

        SequencedMap<String, Integer> sizes = new LinkedHashMap<>();
        MetricsSnapshot.Builder values = registry.putInto(MetricsSnapshot.builder());
        values.putAbsent(authenticator.metrics());
        values.put(upNames.get(ProviderName.IN_PROCESS), BigDecimal.ONE, SOURCE_UP);
        sizes.put(ProviderName.IN_PROCESS, values.size());
        pending.forEach((name, future) -> {
            int before = values.size();
            boolean up = await(name, future, deadline, timeout, values);
            values.put(upNames.get(name), up ? BigDecimal.ONE : BigDecimal.ZERO, SOURCE_UP);
            sizes.put(name, values.size() - before);
        });
        return new Collection(values.build(), sizes);
    }

    /**
     * Returns the names of the sources whose health {@link #collect(Duration)} reports as
     * {@code <name>.up}: {@value ProviderName#IN_PROCESS} first, then the configured ones.
     *
     * @return the names in that order; never null
     */
    public List<String> sourceNames() {
        List<String> names = new ArrayList<>();
        names.add(ProviderName.IN_PROCESS);
        names.addAll(sources.sequencedKeySet());
        return List.copyOf(names);
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

    private boolean await(String name, Future<MetricsSnapshot> future, long deadline, Duration timeout,
            MetricsSnapshot.Builder into) {
        try {
            MetricsSnapshot snapshot = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (snapshot == null) {
                return changed(name, false, "the source returned no snapshot");
            }
            into.putAbsent(snapshot);
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
