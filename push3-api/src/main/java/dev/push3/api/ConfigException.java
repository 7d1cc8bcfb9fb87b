package dev.push3.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A configuration setting is missing or has a value that cannot be used.
 *
 * <p>The message always names the setting ({@link #key()}) and says what is expected, so
 * that start-up can stop with a line an operator can act on. A message never contains the
 * value of a secret setting.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * Creates an exception about one setting.
     *
     * @param key the setting's key, for example {@code auth.pop3.port}; not null
     * @param problem what is wrong and what is expected; not null
     */
    public ConfigException(String key, String problem) {
        super(Objects.requireNonNull(key, "key") + ": " + Objects.requireNonNull(problem, "problem"));
        this.key = key;
    }

    /**
     * Creates an exception about one setting, with the failure that revealed it.
     *
     * @param key the setting's key; not null
     * @param problem what is wrong and what is expected; not null
     * @param cause the underlying failure; may be null
     */
    public ConfigException(String key, String problem, @Nullable Throwable cause) {
        this(key, problem);
        initCause(cause);
    }

    /**
     * Returns the key of the setting at fault.
     *
     * @return the key; never null
     */
    public String key() {
        return key;
    }
}
