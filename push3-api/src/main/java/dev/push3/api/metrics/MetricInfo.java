package dev.push3.api.metrics;

import java.util.Objects;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * What a metric is, besides its value: its {@linkplain MetricType type}, its unit and a short
 * help text, as Prometheus' {@code # TYPE}, {@code # UNIT} and {@code # HELP} lines give them.
 * The METRICS reply does not carry it; the Prometheus endpoint does.
 *
 * <pre>{@code
 * MetricsSnapshot.builder()
 *     .put("push3.logins.failed", 3, MetricInfo.counter("LOGINs rejected for wrong credentials"))
 *     .put("push3.uptime.seconds", 42, MetricInfo.gauge("Time since the server started").withUnit("seconds"))
 *     .build();
 * }</pre>
 *
 * @param type the type; {@link MetricType#UNKNOWN} when the source cannot tell
 * @param unit the unit in OpenMetrics' terms, base units in plural ({@code seconds}, {@code bytes},
 *     {@code ratio}), matching {@link #UNIT}; empty when none applies (a count of events has none)
 * @param help one line for people, at most {@link #MAX_HELP} characters; empty when unknown
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record MetricInfo(MetricType type, String unit, String help) {
    /** What a source tells when it knows nothing about a metric. */
    public static final MetricInfo UNKNOWN = new MetricInfo(MetricType.UNKNOWN, "", "");
    /** What a non-empty unit must match: a name part of a Prometheus metric name. */
    public static final Pattern UNIT = Pattern.compile("[a-z][a-z0-9_]*");
    /** The longest help text. */
    public static final int MAX_HELP = 512;

    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException when the unit does not match {@link #UNIT}, or the help
     *     is longer than {@link #MAX_HELP} or holds a line break or another control character
     */
    public MetricInfo {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(help, "help");
        if (!unit.isEmpty() && !UNIT.matcher(unit).matches()) {
            throw new IllegalArgumentException("metric unit must match [a-z][a-z0-9_]*, was '" + unit + "'");
        }
        if (help.length() > MAX_HELP) {
            throw new IllegalArgumentException("metric help is longer than " + MAX_HELP + " characters: "
                    + help.substring(0, 40) + "...");
        }
        if (help.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("metric help must be one line without control characters: "
                    + help.replaceAll("\\p{Cntrl}", "?"));
        }
    }

    /**
     * A counter without a unit.
     *
     * @param help one line; not null
     * @return the info
     * @throws IllegalArgumentException when the help is not valid
     */
    public static MetricInfo counter(String help) {
        return new MetricInfo(MetricType.COUNTER, "", help);
    }

    /**
     * A gauge without a unit.
     *
     * @param help one line; not null
     * @return the info
     * @throws IllegalArgumentException when the help is not valid
     */
    public static MetricInfo gauge(String help) {
        return new MetricInfo(MetricType.GAUGE, "", help);
    }

    /**
     * @param newUnit the unit, for example {@code seconds}; empty for none
     * @return a copy with that unit
     * @throws IllegalArgumentException when the unit does not match {@link #UNIT}
     */
    public MetricInfo withUnit(String newUnit) {
        return new MetricInfo(type, newUnit, help);
    }
}
