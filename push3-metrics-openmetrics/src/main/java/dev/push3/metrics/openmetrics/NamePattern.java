package dev.push3.metrics.openmetrics;

import dev.push3.api.ConfigException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A pattern over sample names as the endpoint writes them: {@code *} stands for any run of
 * characters, {@code ?} for one, for example {@code dovecot_auth_*} or {@code *_bucket}.
 *
 * @param glob the pattern as written
 */
record NamePattern(String glob) {
    private static final Pattern ALLOWED = Pattern.compile("[a-zA-Z0-9_:*?]+");

    NamePattern {
        Objects.requireNonNull(glob, "glob");
        if (!ALLOWED.matcher(glob).matches()) {
            throw new IllegalArgumentException("not a name pattern: '" + glob + "'");
        }
    }

    /**
     * Reads a pattern from a setting.
     *
     * @param key the setting it came from, for the error message
     * @param glob the pattern
     * @return the pattern
     * @throws ConfigException when it has characters a sample name cannot have
     */
    static NamePattern of(String key, String glob) {
        if (!ALLOWED.matcher(glob).matches()) {
            throw new ConfigException(key, "'" + glob + "' is not a name pattern: write the names as the endpoint"
                    + " does (letters, digits, '_', ':') with * and ?, for example dovecot_auth_*");
        }
        return new NamePattern(glob);
    }

    /**
     * Tells whether a sample name matches.
     *
     * @param sampleName the name as written, for example {@code dovecot_auth_success_total}
     * @return true when it matches the whole name
     */
    boolean matches(String sampleName) {
        return matches(sampleName, 0, 0);
    }

    /** Glob matching by backtracking over '*'; patterns and names are short. */
    private boolean matches(String name, int n, int g) {
        while (g < glob.length()) {
            char c = glob.charAt(g);
            if (c == '*') {
                for (int rest = n; rest <= name.length(); rest++) {
                    if (matches(name, rest, g + 1)) {
                        return true;
                    }
                }
                return false;
            }
            if (n >= name.length() || (c != '?' && c != name.charAt(n))) {
                return false;
            }
            n++;
            g++;
        }
        return n == name.length();
    }
}
