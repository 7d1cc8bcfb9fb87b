package dev.push3.metrics.openmetrics;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed exposition: its samples in order, and the type of each metric family that has a
 * {@code # TYPE} line.
 *
 * @param samples the samples, in the order written
 * @param types the declared type of each family, by family name (for example
 *     {@code dovecot_auth_success} for the sample {@code dovecot_auth_success_total})
 * @param skipped the lines that did not parse and were left out, in order; possibly empty
 */
record Exposition(List<Sample> samples, Map<String, MetricType> types, List<LineProblem> skipped) {
    Exposition {
        samples = List.copyOf(samples);
        types = Map.copyOf(types);
        skipped = List.copyOf(skipped);
    }

    /**
     * Returns the declared type of a family.
     *
     * @param family the family name
     * @return its type, or empty when no {@code # TYPE} line names it
     */
    Optional<MetricType> typeOf(String family) {
        return Optional.ofNullable(types.get(family));
    }
}
