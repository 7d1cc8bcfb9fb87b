package dev.push3.metrics.openmetrics;

import java.util.List;

/**
 * Which samples to keep: those whose name matches an include pattern and no exclude pattern.
 *
 * @param include at least one pattern
 * @param exclude the patterns that drop a sample; possibly empty
 */
record SampleFilter(List<NamePattern> include, List<NamePattern> exclude) {
    SampleFilter {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        if (include.isEmpty()) {
            throw new IllegalArgumentException("at least one include pattern is needed");
        }
    }

    /**
     * Tells whether to keep a sample.
     *
     * @param sampleName the name as written, for example {@code dovecot_auth_success_total}
     * @return true when an include pattern matches and no exclude pattern does
     */
    boolean keeps(String sampleName) {
        return include.stream().anyMatch(p -> p.matches(sampleName))
                && exclude.stream().noneMatch(p -> p.matches(sampleName));
    }
}
