package dev.push3.core.metrics;

import dev.push3.api.metrics.MetricName;
import dev.push3.api.metrics.MetricsSnapshot;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * Named counters and gauges read by the {@code inprocess} metrics source.
 *
 * <p>Thread-safe. Registering a name twice returns the same counter; a gauge replaces an
 * earlier gauge of the same name. Names follow {@link MetricName}; an embedding server
 * should use its own prefix (for example {@code pop3.}) so as not to collide with
 * {@code push3.}.
 */
public final class MetricRegistry {
    private final Map<MetricName, Counter> counters = new ConcurrentHashMap<>();
    private final Map<MetricName, Supplier<? extends Number>> gauges = new ConcurrentSkipListMap<>();

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
     * cheap, thread-safe and must not block; a null or non-finite value is left out.
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
     * Reads every counter and gauge.
     *
     * @return the values now; never null
     */
    public MetricsSnapshot snapshot() {
        MetricsSnapshot.Builder snapshot = MetricsSnapshot.builder();
        counters.forEach((name, counter) -> snapshot.put(name, BigDecimal.valueOf(counter.get())));
        gauges.forEach((name, gauge) -> {
            Number value = gauge.get();
            if (value instanceof BigDecimal decimal) {
                snapshot.put(name, decimal);
            } else if (value instanceof Long || value instanceof Integer) {
                snapshot.put(name, BigDecimal.valueOf(value.longValue()));
            } else if (value != null && Double.isFinite(value.doubleValue())) {
                snapshot.put(name, BigDecimal.valueOf(value.doubleValue()));
            }
        });
        return snapshot.build();
    }
}
