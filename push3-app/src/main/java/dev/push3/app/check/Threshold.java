package dev.push3.app.check;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * The ranges of one metric: {@code -m NAME [-w RANGE] [-c RANGE]}.
 *
 * @param metric the Push3 metric's name, as METRICS writes it; not null
 * @param warning the warning range, if any
 * @param critical the critical range, if any; it wins over the warning range
 */
public record Threshold(String metric, Optional<Range> warning, Optional<Range> critical) {
    /** Checks the parts. */
    public Threshold {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(warning, "warning");
        Objects.requireNonNull(critical, "critical");
    }

    /**
     * Evaluates a value.
     *
     * @param value the metric's value; not null
     * @return CRITICAL when the critical range alerts, else WARNING when the warning range does, else OK
     */
    public CheckState state(BigDecimal value) {
        if (critical.isPresent() && critical.get().alerts(value)) {
            return CheckState.CRITICAL;
        }
        return warning.isPresent() && warning.get().alerts(value) ? CheckState.WARNING : CheckState.OK;
    }

    /**
     * Writes the performance data of the value: {@code label=value;warn;crit;;}, the label in
     * single quotes when it holds a space, {@code =} or {@code '} (a quote doubled).
     *
     * @param value the metric's value; not null
     * @return one performance data item
     */
    public String perfdata(BigDecimal value) {
        return label(metric) + "=" + value.toPlainString() + ";" + warning.map(Range::text).orElse("") + ";"
                + critical.map(Range::text).orElse("") + ";;";
    }

    static String label(String name) {
        return name.matches("[^ ='\"]+") ? name : "'" + name.replace("'", "''") + "'";
    }
}
