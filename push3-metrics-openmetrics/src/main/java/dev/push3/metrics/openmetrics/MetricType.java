package dev.push3.metrics.openmetrics;

import java.util.Locale;
import java.util.Optional;

/** The metric types a {@code # TYPE} line may name, in either text format. */
enum MetricType {
    COUNTER, GAUGE, HISTOGRAM, SUMMARY, UNTYPED, UNKNOWN, GAUGEHISTOGRAM, STATESET, INFO;

    /**
     * Reads a type word.
     *
     * @param word the word as written, for example {@code counter}
     * @return the type, or empty when the word names none
     */
    static Optional<MetricType> of(String word) {
        for (MetricType type : values()) {
            if (type.name().toLowerCase(Locale.ROOT).equals(word)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
