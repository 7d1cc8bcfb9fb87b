package dev.push3.metrics.openmetrics;

import java.util.List;

/**
 * Named defaults for {@code metrics.openmetrics.include} and {@code .exclude}. A key that is
 * set replaces the preset's value for that key.
 */
enum Preset {
    /** Keeps every sample. */
    NONE(List.of("*"), List.of()),
    /**
     * Keeps Dovecot's authentication and POP3 metrics (the {@code metric} blocks named
     * {@code auth_*} and {@code pop3_*} in docs/CONFIGURATION.md), without histogram buckets,
     * which would add one name per bucket to every reply.
     */
    DOVECOT(List.of("dovecot_auth_*", "dovecot_pop3_*"), List.of("*_bucket"));

    private final List<String> include;
    private final List<String> exclude;

    Preset(List<String> include, List<String> exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    /**
     * Returns the include patterns this preset implies.
     *
     * @return the patterns; never empty
     */
    List<String> include() {
        return include;
    }

    /**
     * Returns the exclude patterns this preset implies.
     *
     * @return the patterns; possibly empty
     */
    List<String> exclude() {
        return exclude;
    }
}
