package dev.push3.core.metrics;

import dev.push3.api.metrics.MetricName;
import dev.push3.api.metrics.MetricsSnapshot;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named counters and gauges read by the {@code inprocess} metrics source.
 *
 * <p>Thread-safe. Registering a name twice returns the same counter; a gauge replaces an
 * earlier gauge of the same name. Names follow {@link MetricName}; an embedding server
 * should use its own prefix (for example {@code pop3.}) so as not to collide with
 * {@code push3.}.
 */
public final class MetricRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(MetricRegistry.class);

    private final Map<MetricName, Counter> counters = new ConcurrentHashMap<>();
    private final Map<MetricName, Supplier<? extends Number>> gauges = new ConcurrentSkipListMap<>();
    private final Set<MetricName> failing = ConcurrentHashMap.newKeySet();

    /**
     * Returns the counter of that name, creating it on first use.
     *
     * @param name a valid metric name; not null
     * @return the counter; never null
     * @throws IllegalArgumentException when the name is not valid or is a gauge's
     */
    public Counter counter(String name) {
        MetricName key = MetricName.of(name);
        if (gauges.containsKey(key)) {
            throw new IllegalArgumentException(name + " is already a gauge");
        }
        return counters.computeIfAbsent(key, k -> new Counter());
    }

    /**
     * Registers a gauge: a value read each time metrics are collected. The supplier must be
     * cheap, thread-safe and must not block; a null or non-finite value is left out, as is
     * the gauge while it throws.
     *
     * @param name a valid metric name; not null
     * @param value reads the current value; not null
     * @throws IllegalArgumentException when the name is not valid or is a counter's
     */
    public void gauge(String name, Supplier<? extends Number> value) {
        MetricName key = MetricName.of(name);
        if (counters.containsKey(key)) {
            throw new IllegalArgumentException(name + " is already a counter");
        }
        gauges.put(key, value);
    }

    /**
     * Reads every counter and gauge. A gauge that throws, or whose value a reply cannot
     * carry (non-finite, or beyond {@link MetricsSnapshot#MAX_DIGITS} digits), is left out
     * and logged once, until it reads well again; a null value is left out silently.
     *
     * @return the values now; never null
     */
    public MetricsSnapshot snapshot() {
        MetricsSnapshot.Builder snapshot = MetricsSnapshot.builder();
        counters.forEach((name, counter) -> snapshot.put(name, BigDecimal.valueOf(counter.get())));
        gauges.forEach((name, gauge) -> {
            try {
                BigDecimal value = decimal(gauge.get());
                if (value != null) {
                    snapshot.put(name, value);
                }
                if (failing.remove(name)) {
                    LOG.info("Gauge {} reads again", name);
                }
            } catch (RuntimeException | Error e) { // a gauge's bug, even an OutOfMemoryError, must not cost the reply
                if (failing.add(name)) {
                    LOG.warn("Gauge {} left out of METRICS until it reads again: {}", name, e.toString());
                }
            }
        });
        return snapshot.build();
    }

    private static BigDecimal decimal(Number value) {
        return switch (value) {
            case null -> null;
            case BigDecimal decimal -> decimal;
            case Long l -> BigDecimal.valueOf(l);
            case Integer i -> BigDecimal.valueOf(i);
            default -> {
                double d = value.doubleValue();
                if (!Double.isFinite(d)) {
                    throw new ArithmeticException("not a finite number: " + d);
                }
                yield BigDecimal.valueOf(d); // the snapshot refuses one with too many digits
            }
        };
    }
}
