package dev.push3.core.settings;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Finds the known key nearest to a mistyped one, for "did you mean" messages: at start-up
 * (an unknown key in the file) and for {@code CONFIG key}. One rule for both.
 */
public final class NearestKey {
    /** Above this edit distance a known key is too far from a typo to be suggested. */
    public static final int MAX_DISTANCE = 4;
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private NearestKey() {
    }

    /**
     * Returns the known key with the smallest edit distance (Levenshtein) to {@code key},
     * the alphabetically first among equals, if it is at most {@link #MAX_DISTANCE} away.
     *
     * @param key the key asked for; not null
     * @param known the keys that exist; not null
     * @return the nearest known key; empty when none is near enough
     */
    public static Optional<String> of(String key, Collection<String> known) {
        return known.stream()
                .min(Comparator.comparingInt((String candidate) -> DISTANCE.apply(candidate, key))
                        .thenComparing(candidate -> candidate))
                .filter(candidate -> DISTANCE.apply(candidate, key) <= MAX_DISTANCE);
    }
}
