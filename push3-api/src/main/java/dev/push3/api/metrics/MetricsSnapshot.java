package dev.push3.api.metrics;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Named decimal values read from one source at one moment, sorted by name, and for those
 * the source could describe, their {@link MetricInfo} (type, unit, help).
 *
 * <p>Build one with {@link #builder()}:
 * <pre>{@code
 * MetricsSnapshot.builder()
 *     .put("pop3.connections.current", 3)
 *     .put("pop3.logins.failed", 7, MetricInfo.counter("Logins rejected"))
 *     .put("jvm.heap.used", 1.5e6)
 *     .build();
 * }</pre>
 *
 * @param values the metrics by name; unmodifiable, sorted by name
 * @param info what is known of some of those metrics, by name (a subset of the names of
 *     {@code values}); unmodifiable; a metric without an entry is {@link MetricInfo#UNKNOWN}.
 *     Added in 0.2; {@link #info(String)} reads it with that default.
 */
public record MetricsSnapshot(SortedMap<MetricName, BigDecimal> values,
        @API(status = API.Status.EXPERIMENTAL, since = "0.2") SortedMap<MetricName, MetricInfo> info) {
    /** Shared by every snapshot without info: untyped snapshots cost no more than before 0.2. */
    private static final SortedMap<MetricName, MetricInfo> NO_INFO = Collections.emptySortedMap();
    private static final MetricsSnapshot EMPTY = new MetricsSnapshot(new TreeMap<>());

    /**
     * The most digits a value may have before or after its decimal point. A reply writes
     * values in plain notation, so {@code 1E+999999999} would be a billion digits long.
     */
    public static final int MAX_DIGITS = 40;

    /**
     * Copies the maps.
     *
     * @throws IllegalArgumentException when a value has more than {@link #MAX_DIGITS} digits
     *     before or after its decimal point, or when {@code info} names a metric without a value
     * @since 0.2
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public MetricsSnapshot {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(info, "info");
        // A builder's maps were checked as they were filled, and the builder never changes them
        // again (BuiltMap): taken as they are, so METRICS does not copy every map once more.
        boolean checked = values instanceof BuiltMap<?> && (info.isEmpty() || info instanceof BuiltMap<?>);
        if (!checked) {
            values.forEach((name, value) -> checkValue(name.value(), value));
            values = new TreeMap<>(values);
            info = info.isEmpty() ? NO_INFO : new TreeMap<>(info);
        }
        values = Collections.unmodifiableSortedMap(values);
        info = info.isEmpty() ? NO_INFO : Collections.unmodifiableSortedMap(info);
        if (!checked) {
            for (MetricName name : info.keySet()) {
                if (!values.containsKey(name)) {
                    throw new IllegalArgumentException("info for metric " + name + ", which has no value");
                }
            }
        }
    }

    /**
     * A builder's map, handed to the snapshot it builds and never changed after that; private,
     * so no other code can make one.
     */
    private static final class BuiltMap<V> extends TreeMap<MetricName, V> {
        private static final long serialVersionUID = 1L;

        BuiltMap() {
        }

        BuiltMap(SortedMap<MetricName, V> copied) {
            super(copied);
        }
    }

    /**
     * Copies the map, with no {@link MetricInfo}: every metric is {@link MetricInfo#UNKNOWN}.
     *
     * @param values the metrics by name; not null
     * @throws IllegalArgumentException when a value has more than {@link #MAX_DIGITS} digits
     *     before or after its decimal point
     */
    public MetricsSnapshot(SortedMap<MetricName, BigDecimal> values) {
        this(values, NO_INFO);
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
     * Returns what is known of one metric.
     *
     * @param name the name; not null
     * @return its info; {@link MetricInfo#UNKNOWN} when the source gave none or there is no such metric
     * @since 0.2
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public MetricInfo info(MetricName name) {
        return info.getOrDefault(name, MetricInfo.UNKNOWN);
    }

    /**
     * Returns what is known of one metric.
     *
     * @param name the name; not null
     * @return its info; {@link MetricInfo#UNKNOWN} when the source gave none or there is no such metric
     * @since 0.2
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public MetricInfo info(String name) {
        return info.isEmpty() ? MetricInfo.UNKNOWN : info(new MetricName(name));
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
     * replaces the earlier value and info (a {@code put} without info leaves the metric
     * {@link MetricInfo#UNKNOWN}).
     */
    public static final class Builder {
        private BuiltMap<BigDecimal> values = new BuiltMap<>();
        /** Made on the first typed put, so an untyped snapshot allocates nothing for info. */
        private @Nullable BuiltMap<MetricInfo> info;
        /** Whether the maps belong to a snapshot built already: the next change copies them first. */
        private boolean built;

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
            unshare();
            values.put(name, value);
            if (info != null) {
                info.remove(name);
            }
            return this;
        }

        /**
         * Adds a metric with what is known of it.
         *
         * @param name the name; not null
         * @param value the value; not null, at most {@link #MAX_DIGITS} digits before and after the point
         * @param metricInfo its type, unit and help; not null ({@link MetricInfo#UNKNOWN} when unknown)
         * @return this builder
         * @throws IllegalArgumentException when the value is not valid
         * @since 0.2
         */
        @API(status = API.Status.EXPERIMENTAL, since = "0.2")
        public Builder put(MetricName name, BigDecimal value, MetricInfo metricInfo) {
            Objects.requireNonNull(metricInfo, "metricInfo");
            if (metricInfo == MetricInfo.UNKNOWN) {
                return put(name, value);
            }
            checkValue(Objects.requireNonNull(name, "name").value(), value);
            unshare();
            values.put(name, value);
            if (info == null) {
                info = new BuiltMap<>();
            }
            info.put(name, metricInfo); // replaces any earlier info: no removal first, as put(name, value) needs
            return this;
        }

        /**
         * Adds a metric with what is known of it.
         *
         * @param name a valid name; see {@link MetricName}
         * @param value the value; not null, at most {@link #MAX_DIGITS} digits before and after the point
         * @param metricInfo its type, unit and help; not null
         * @return this builder
         * @throws IllegalArgumentException when the name or the value is not valid
         * @since 0.2
         */
        @API(status = API.Status.EXPERIMENTAL, since = "0.2")
        public Builder put(String name, BigDecimal value, MetricInfo metricInfo) {
            return put(MetricName.of(name), value, metricInfo);
        }

        /**
         * Adds an integer metric with what is known of it.
         *
         * @param name a valid name
         * @param value the value
         * @param metricInfo its type, unit and help; not null
         * @return this builder
         * @since 0.2
         */
        @API(status = API.Status.EXPERIMENTAL, since = "0.2")
        public Builder put(String name, long value, MetricInfo metricInfo) {
            return put(name, BigDecimal.valueOf(value), metricInfo);
        }

        /**
         * Adds a floating-point metric with what is known of it; left out, as by
         * {@link #put(String, double)}, when a reply cannot carry the value.
         *
         * @param name a valid name
         * @param value the value
         * @param metricInfo its type, unit and help; not null
         * @return this builder
         * @since 0.2
         */
        @API(status = API.Status.EXPERIMENTAL, since = "0.2")
        public Builder put(String name, double value, MetricInfo metricInfo) {
            if (writable(value)) {
                put(name, BigDecimal.valueOf(value), metricInfo);
            }
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
            if (writable(value)) {
                put(name, BigDecimal.valueOf(value));
            }
            return this;
        }

        private static boolean writable(double value) {
            return Double.isFinite(value) && (value == 0 || Math.abs(Math.log10(Math.abs(value))) < MAX_DIGITS);
        }

        /**
         * Adds every metric of another snapshot, with its info; they replace metrics of the same names.
         *
         * @param other the snapshot; not null
         * @return this builder
         */
        public Builder putAll(MetricsSnapshot other) {
            other.values().forEach((name, value) -> put(name, value, other.info(name)));
            return this;
        }

        /**
         * Adds the metrics of another snapshot, with their info, whose names this builder
         * does not have yet: when several sources give one name, the first one wins.
         *
         * @param other the snapshot; not null
         * @return this builder
         * @since 0.2
         */
        @API(status = API.Status.EXPERIMENTAL, since = "0.2")
        public Builder putAbsent(MetricsSnapshot other) {
            other.values().forEach((name, value) -> {
                if (!values.containsKey(name)) {
                    put(name, value, other.info(name));
                }
            });
            return this;
        }

        /**
         * Returns how many metrics the builder holds now.
         *
         * @return the count, at least 0
         */
        @API(status = API.Status.EXPERIMENTAL, since = "0.2")
        public int size() {
            return values.size();
        }

        /**
         * Returns the snapshot.
         *
         * @return the snapshot; never null
         */
        public MetricsSnapshot build() {
            built = true;
            return new MetricsSnapshot(values, info == null ? NO_INFO : info);
        }

        /** Copy on write: a snapshot already built keeps the maps it was given unchanged. */
        private void unshare() {
            if (built) {
                values = new BuiltMap<>(values);
                info = info == null ? null : new BuiltMap<>(info);
                built = false;
            }
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
