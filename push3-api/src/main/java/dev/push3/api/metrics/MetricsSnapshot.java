package dev.push3.api.metrics;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Named decimal values read from one source at one moment, sorted by name.
 *
 * <p>Build one with {@link #builder()}:
 * <pre>{@code
 * MetricsSnapshot.builder()
 *     .put("pop3.connections.current", 3)
 *     .put("jvm.heap.used", 1.5e6)
 *     .build();
 * }</pre>
 *
 * @param values the metrics by name; unmodifiable, sorted by name
 */
public record MetricsSnapshot(SortedMap<MetricName, BigDecimal> values) {
    private static final MetricsSnapshot EMPTY = new MetricsSnapshot(new TreeMap<>());

    /**
     * The most digits a value may have before or after its decimal point. A reply writes
     * values in plain notation, so {@code 1E+999999999} would be a billion digits long.
     */
    public static final int MAX_DIGITS = 40;

    /**
     * Copies the map.
     *
     * @throws IllegalArgumentException when a value has more than {@link #MAX_DIGITS} digits
     *     before or after its decimal point
     */
    public MetricsSnapshot {
        Objects.requireNonNull(values, "values");
        values.forEach((name, value) -> checkValue(name.value(), value));
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    private static void checkValue(String name, BigDecimal value) {
        if (value == null) {
            throw new NullPointerException("value of " + name);
        }
        if (value.scale() == 0 && value.precision() <= MAX_DIGITS) {
            return; // a whole number, as counters are: checked without stripTrailingZeros' copy
        }
        BigDecimal plain = value.stripTrailingZeros();
        if (plain.precision() - plain.scale() > MAX_DIGITS || plain.scale() > MAX_DIGITS) {
            throw new IllegalArgumentException("value of " + name + " has more than " + MAX_DIGITS
                    + " digits before or after the point: " + value.round(new java.math.MathContext(6)));
        }
    }

    /**
     * Returns a snapshot with no metrics.
     *
     * @return the empty snapshot; never null
     */
    public static MetricsSnapshot empty() {
        return EMPTY;
    }

    /**
     * Starts a snapshot.
     *
     * @return a new builder; never null
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the value of one metric, if present.
     *
     * @param name the name; not null
     * @return the value, or empty
     */
    public Optional<BigDecimal> get(String name) {
        return Optional.ofNullable(values.get(new MetricName(name)));
    }

    /**
     * Returns how many metrics this snapshot holds.
     *
     * @return the count
     */
    public int size() {
        return values.size();
    }

    /**
     * Collects metrics for a snapshot. Not thread-safe; a later {@code put} of a name
     * replaces the earlier value.
     */
    public static final class Builder {
        private final TreeMap<MetricName, BigDecimal> values = new TreeMap<>();

        private Builder() {
        }

        /**
         * Adds a metric.
         *
         * @param name a valid name; see {@link MetricName}
         * @param value the value; not null, at most {@link #MAX_DIGITS} digits before and after the point
         * @return this builder
         * @throws IllegalArgumentException when the name or the value is not valid
         */
        public Builder put(String name, BigDecimal value) {
            return put(MetricName.of(name), value);
        }

        /**
         * Adds a metric.
         *
         * @param name the name; not null
         * @param value the value; not null
         * @return this builder
         */
        public Builder put(MetricName name, BigDecimal value) {
            checkValue(Objects.requireNonNull(name, "name").value(), value);
            values.put(name, value);
            return this;
        }

        /**
         * Adds an integer metric.
         *
         * @param name a valid name
         * @param value the value
         * @return this builder
         */
        public Builder put(String name, long value) {
            return put(name, BigDecimal.valueOf(value));
        }

        /**
         * Adds a floating-point metric. {@code NaN}, infinities and values beyond
         * {@link #MAX_DIGITS} digits cannot be written in a reply, so they are left out.
         *
         * @param name a valid name
         * @param value the value
         * @return this builder
         */
        public Builder put(String name, double value) {
            if (Double.isFinite(value) && (value == 0 || Math.abs(Math.log10(Math.abs(value))) < MAX_DIGITS)) {
                put(name, BigDecimal.valueOf(value));
            }
            return this;
        }

        /**
         * Adds every metric of another snapshot.
         *
         * @param other the snapshot; not null
         * @return this builder
         */
        public Builder putAll(MetricsSnapshot other) {
            values.putAll(other.values());
            return this;
        }

        /**
         * Returns the snapshot.
         *
         * @return the snapshot; never null
         */
        public MetricsSnapshot build() {
            return new MetricsSnapshot(values);
        }
    }

    /**
     * Writes the metrics as {@code name=value} pairs in name order, values in plain decimal
     * notation (no exponent, no trailing zeros), as a METRICS reply carries them.
     *
     * @param separator what goes between two pairs, for example a space; not null
     * @return for example {@code a.b=1 c=2.5}; empty when there are no metrics
     */
    public String format(String separator) {
        return format(separator, Integer.MAX_VALUE).orElseThrow();
    }

    /**
     * As {@link #format(String)}, stopping as soon as the text would be longer than a limit,
     * so that a source with millions of metrics never makes a text of that size.
     *
     * @param separator what goes between two pairs; not null
     * @param maxLength the most characters the text may have, at least 0
     * @return the text; empty when it would be longer than {@code maxLength}
     * @since 0.2
     */
    public Optional<String> format(String separator, int maxLength) {
        StringBuilder pairs = new StringBuilder((int) Math.min(maxLength, values.size() * 32L));
        for (Map.Entry<MetricName, BigDecimal> metric : values.entrySet()) {
            if (!pairs.isEmpty()) {
                pairs.append(separator);
            }
            pairs.append(metric.getKey().value()).append('=');
            appendPlain(pairs, metric.getValue());
            if (pairs.length() > maxLength) {
                return Optional.empty();
            }
        }
        return Optional.of(pairs.toString());
    }

    /** Counters are whole numbers: written without {@code stripTrailingZeros}' new BigDecimal. */
    private static void appendPlain(StringBuilder out, BigDecimal value) {
        if (value.scale() == 0 && value.precision() < 19) {
            out.append(value.longValue());
        } else {
            out.append(value.stripTrailingZeros().toPlainString());
        }
    }

    /**
     * Gives the metrics as {@code name=value} pairs; values in plain decimal notation.
     *
     * @return for example {@code {a.b=1, c=2.5}}
     */
    @Override
    public String toString() {
        return "{" + format(", ") + "}";
    }

    /**
     * Returns the values keyed by plain string names, for callers that do not care about
     * the {@link MetricName} type.
     *
     * @return an unmodifiable sorted map; never null
     */
    public Map<String, BigDecimal> asStringMap() {
        TreeMap<String, BigDecimal> out = new TreeMap<>();
        values.forEach((name, value) -> out.put(name.value(), value));
        return Collections.unmodifiableMap(out);
    }
}
