package dev.push3.metrics.openmetrics;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The value of a sample: an exact decimal, or one of the IEEE values a METRICS reply
 * cannot carry ({@code NaN}, {@code +Inf}, {@code -Inf}).
 */
sealed interface SampleValue {

    /**
     * A finite value, kept exactly as written (a counter above 2^53 loses no digit).
     *
     * @param value the value
     */
    record Finite(BigDecimal value) implements SampleValue {
        public Finite {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * {@code NaN}, {@code +Inf} or {@code -Inf}.
     *
     * @param value the value; never finite
     */
    record NonFinite(double value) implements SampleValue {
        public NonFinite {
            if (Double.isFinite(value)) {
                throw new IllegalArgumentException("finite value " + value + " is not NonFinite");
            }
        }
    }
}
