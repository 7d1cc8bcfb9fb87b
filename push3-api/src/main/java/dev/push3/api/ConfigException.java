package dev.push3.api;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
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
     * Says why a file could not be read, without repeating its path: the JDK's
     * {@link FileSystemException}s carry only the path as their message, so "cannot read F: "
     * + message would name F twice and not say why. Messages give the path once and this reason.
     *
     * @param e what reading the file threw; not null
     * @return for example {@code no such file}, {@code permission denied}, {@code Is a directory}
     *     or the JDK's reason; never null, never the path
     */
    public static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException missing -> "no such file";
            case AccessDeniedException denied -> "permission denied";
            case FileSystemException other when other.getReason() != null -> other.getReason().toLowerCase(Locale.ROOT);
            case FileSystemException other -> other.getClass().getSimpleName();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
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
