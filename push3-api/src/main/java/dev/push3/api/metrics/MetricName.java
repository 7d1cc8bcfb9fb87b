package dev.push3.api.metrics;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A metric name as the protocol allows it: {@code [a-z][a-z0-9_.]*}, for example
 * {@code push3.logins.failed}.
 *
 * @param value the name; matches {@link #PATTERN}
 */
public record MetricName(String value) implements Comparable<MetricName> {
    /** What every metric name must match. */
    public static final Pattern PATTERN = Pattern.compile("[a-z][a-z0-9_.]*");
    private static final Pattern OUTSIDE = Pattern.compile("[^a-z0-9_.]+");
    private static final Pattern DOTS = Pattern.compile("\\.{2,}");
    private static final Pattern ENDS = Pattern.compile("^[._]+|[._]+$");

    /**
     * Checks the name.
     *
     * @throws IllegalArgumentException when the name does not match {@link #PATTERN}
     */
    public MetricName {
        Objects.requireNonNull(value, "value");
        if (!PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException("metric name must match [a-z][a-z0-9_.]*, was '" + value + "'");
        }
    }

    /**
     * Returns the name if it is valid.
     *
     * @param value the name; not null
     * @return the name; never null
     * @throws IllegalArgumentException when the name does not match {@link #PATTERN}
     */
    public static MetricName of(String value) {
        return new MetricName(value);
    }

    /**
     * Turns any text into a valid name the way every source should: lower case, runs of
     * characters outside {@code [a-z0-9_.]} become one {@code _}, runs of dots collapse,
     * dots and underscores at either end are dropped, and a name that does not start with
     * a letter gets an {@code m} in front. {@code "HeapMemoryUsage.used"} becomes
     * {@code heapmemoryusage.used}; {@code "Cmd-Name RETR"} becomes {@code cmd_name_retr}.
     *
     * @param raw any text; not null
     * @return the normalised name; never null
     * @throws IllegalArgumentException when nothing usable is left (for example {@code "..."})
     */
    public static MetricName normalize(String raw) {
        String name = raw.toLowerCase(Locale.ROOT);
        name = OUTSIDE.matcher(name).replaceAll("_");
        name = DOTS.matcher(name).replaceAll(".");
        name = ENDS.matcher(name).replaceAll("");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no metric name can be made of '" + raw + "'");
        }
        return new MetricName(Character.isLetter(name.charAt(0)) ? name : "m" + name);
    }

    @Override
    public int compareTo(MetricName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
