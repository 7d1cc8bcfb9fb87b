package dev.push3.core.metrics;

import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricName;
import dev.push3.api.metrics.MetricType;
import dev.push3.api.metrics.MetricsSnapshot;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named counters and gauges read by the {@code inprocess} metrics source, each with its
 * {@link MetricInfo} (type, unit, help) for the Prometheus endpoint.
 *
 * <p>Thread-safe. Registering a name twice returns the same counter (with the later info); a
 * gauge replaces an earlier gauge of the same name. Names follow {@link MetricName}; an
 * embedding server should use its own prefix (for example {@code pop3.}) so as not to
 * collide with {@code push3.}.
 */
public final class MetricRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(MetricRegistry.class);

    private final Map<MetricName, Counter> counters = new ConcurrentHashMap<>();
    private final Map<MetricName, Supplier<? extends Number>> gauges = new ConcurrentSkipListMap<>();
    private final Set<MetricName> failing = ConcurrentHashMap.newKeySet();
    private final Map<MetricName, MetricInfo> info = new ConcurrentHashMap<>();

    /**
     * Returns the counter of that name, creating it on first use, without help text.
     *
     * @param name a valid metric name; not null
     * @return the counter; never null
     * @throws IllegalArgumentException when the name is not valid or is a gauge's
     */
    public Counter counter(String name) {
        return counter(name, MetricInfo.counter(""));
    }

    /**
     * Returns the counter of that name, creating it on first use.
     *
     * @param name a valid metric name; not null
     * @param counterInfo its unit and help; its type must be {@link MetricType#COUNTER}
     * @return the counter; never null
     * @throws IllegalArgumentException when the name is not valid or is a gauge's, or the info is not a counter's
     */
    public Counter counter(String name, MetricInfo counterInfo) {
        MetricName key = MetricName.of(name);
        if (counterInfo.type() != MetricType.COUNTER) {
            throw new IllegalArgumentException(name + " is a counter, but its info says " + counterInfo.type());
        }
        if (gauges.containsKey(key)) {
            throw new IllegalArgumentException(name + " is already a gauge");
        }
        info.put(key, counterInfo);
        return counters.computeIfAbsent(key, k -> new Counter());
    }

    /**
     * Registers a gauge without help text. See {@link #gauge(String, MetricInfo, Supplier)}.
     *
     * @param name a valid metric name; not null
     * @param value reads the current value; not null
     * @throws IllegalArgumentException when the name is not valid or is a counter's
     */
    public void gauge(String name, Supplier<? extends Number> value) {
        gauge(name, MetricInfo.gauge(""), value);
    }

    /**
     * Registers a value read each time metrics are collected. The supplier must be cheap,
     * thread-safe and must not block; a null or non-finite value is left out, as is the
     * value while it throws.
     *
     * @param name a valid metric name; not null
     * @param valueInfo its type, unit and help: usually a {@linkplain MetricType#GAUGE gauge}, or a
     *     {@linkplain MetricType#COUNTER counter} when the supplier reads a count kept elsewhere
     * @param value reads the current value; not null
     * @throws IllegalArgumentException when the name is not valid or is a counter's
     */
    public void gauge(String name, MetricInfo valueInfo, Supplier<? extends Number> value) {
        MetricName key = MetricName.of(name);
        Objects.requireNonNull(valueInfo, "valueInfo");
        if (counters.containsKey(key)) {
            throw new IllegalArgumentException(name + " is already a counter");
        }
        info.put(key, valueInfo);
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
        return putInto(MetricsSnapshot.builder()).build();
    }

    /**
     * Reads every counter and gauge into a builder, as {@link #snapshot()} does: for METRICS,
     * which adds other sources' metrics after these, so that they are not put into one
     * sorted map and then copied into another on every request.
     *
     * @param snapshot where the values go, replacing any of the same name; not null
     * @return {@code snapshot}
     */
    public MetricsSnapshot.Builder putInto(MetricsSnapshot.Builder snapshot) {
        counters.forEach((name, counter) -> snapshot.put(name, BigDecimal.valueOf(counter.get()), infoOf(name)));
        gauges.forEach((name, gauge) -> {
            try {
                BigDecimal value = decimal(gauge.get());
                if (value != null) {
                    snapshot.put(name, value, infoOf(name));
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
        return snapshot;
    }

    private MetricInfo infoOf(MetricName name) {
        return info.getOrDefault(name, MetricInfo.UNKNOWN);
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
