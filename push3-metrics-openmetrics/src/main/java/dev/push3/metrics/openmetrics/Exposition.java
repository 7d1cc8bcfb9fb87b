package dev.push3.metrics.openmetrics;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed exposition: its samples in order, and the type, help and unit of each metric
 * family that has a {@code # TYPE}, {@code # HELP} or {@code # UNIT} line.
 *
 * @param samples the samples, in the order written
 * @param types the declared type of each family, by family name (for example
 *     {@code dovecot_auth_success} for the sample {@code dovecot_auth_success_total})
 * @param skipped the lines that did not parse and were left out, in order; possibly empty
 * @param helps the help text of each family, unescaped, by family name
 * @param units the declared unit of each family, as written, by family name
 */
record Exposition(List<Sample> samples, Map<String, MetricType> types, List<LineProblem> skipped,
        Map<String, String> helps, Map<String, String> units) {
    Exposition {
        samples = List.copyOf(samples);
        types = Map.copyOf(types);
        skipped = List.copyOf(skipped);
        helps = Map.copyOf(helps);
        units = Map.copyOf(units);
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
