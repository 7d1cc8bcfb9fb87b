package dev.push3.core.settings;

import java.util.List;

/**
 * Thrown by a {@link SettingGroup}'s parser when values are valid but only a restart can put
 * them in force, though the keys may otherwise change at run time: turning TLS on or off by
 * setting or clearing {@code server.tls.cert}, while a new certificate pair may change.
 * {@code CONFIG} answers {@code key needs a restart}; a reload keeps these keys' running
 * values, logs them as needing a restart and applies the file's other keys.
 */
public final class NeedsRestartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The keys whose new values wait for a restart. */
    private final List<String> keys;

    /**
     * @param keys the keys whose new values wait for a restart; not empty
     * @param reason what needs the restart, for the log
     */
    public NeedsRestartException(List<String> keys, String reason) {
        super(reason);
        this.keys = List.copyOf(keys);
        if (this.keys.isEmpty()) {
            throw new IllegalArgumentException("a restart needs at least one key");
        }
    }

    /** @return the keys whose new values wait for a restart; never empty */
    public List<String> keys() {
        return keys;
    }
}
