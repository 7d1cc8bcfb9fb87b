package dev.push3.api;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable, read-only view of the configuration keys, as given to a provider when it
 * creates its authenticator or metrics source.
 *
 * <p>Keys are the full names from {@code push3.properties}, for example
 * {@code auth.pop3.host}. Every typed accessor parses the same syntax in every plugin:
 * durations are written {@code 500ms}, {@code 1s}, {@code 10m}, {@code 2h}, {@code 1d} or
 * {@code 0s}, or in ISO-8601 ({@code PT1S}); booleans are {@code true} or {@code false}.
 * A value that does not parse raises a {@link ConfigException} naming the key.
 *
 * <p>{@link #toString()} lists the keys only, never the values, so a configuration can be
 * logged without leaking a secret.
 */
public final class PluginConfig {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final Map<String, String> values;

    private PluginConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * Creates a view of the given keys and values; later changes to the map are not seen.
     *
     * @param values keys and values; not null, no null key or value
     * @return the configuration; never null
     */
    public static PluginConfig of(Map<String, String> values) {
        Objects.requireNonNull(values, "values");
        values.forEach((key, value) -> {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, () -> "value of " + key);
        });
        return new PluginConfig(values);
    }

    /**
     * Tells whether a key's name says it holds a secret: it contains {@code password},
     * {@code secret} or {@code token}. The default of the providers' {@code secretConfigKeys()}.
     *
     * @param key a full key; not null
     * @return true for {@code metrics.jmx.password}, false for {@code metrics.jmx.url}
     * @since 0.3
     */
    public static boolean looksSecret(String key) {
        return key.matches(".*(password|secret|token).*");
    }

    /**
     * Returns an empty configuration, in which every accessor gives its default.
     *
     * @return the empty configuration; never null
     */
    public static PluginConfig empty() {
        return new PluginConfig(Map.of());
    }

    /**
     * Returns the view a plugin gets: only the keys under its own prefix, so that a plugin
     * never reads another plugin's secrets. Keys keep their full names.
     *
     * @param prefix for example {@code auth.pop3.}; not null
     * @return the keys that start with the prefix; never null
     */
    public PluginConfig only(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        Map<String, String> mine = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                mine.put(key, value);
            }
        });
        return new PluginConfig(mine);
    }

    /**
     * Returns the value of a key, trimmed, if it is set and not blank.
     *
     * @param key the key; not null
     * @return the value, or empty when unset or blank
     */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).map(PluginConfig::trim).filter(v -> !v.isEmpty());
    }

    /**
     * Trims the blanks a properties file allows around a value (space, tab, form feed), and
     * nothing else: {@link String#strip()} would also take control characters and Unicode
     * line separators off the ends, so a value that only looks right once trimmed would pass
     * the checks instead of being refused.
     */
    private static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isBlank(value.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }

    /**
     * Returns the value of a key, or a default when it is unset or blank.
     *
     * @param key the key; not null
     * @param defaultValue the default; not null
     * @return the value; never null
     */
    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * Returns the value of a key that must be set.
     *
     * @param key the key; not null
     * @return the value; never null or blank
     * @throws ConfigException when the key is unset or blank
     */
    public String require(String key) {
        return get(key).orElseThrow(() -> new ConfigException(key, "is required but not set"));
    }

    /**
     * Returns a duration such as {@code 500ms}, {@code 2s}, {@code 10m} or {@code PT1S}.
     *
     * @param key the key; not null
     * @param defaultValue the value when unset; not null
     * @return a duration of zero or more; never null
     * @throws ConfigException when the value is not a duration or is negative
     */
    public Duration duration(String key, Duration defaultValue) {
        return get(key).map(raw -> parseDuration(key, raw)).orElse(defaultValue);
    }

    /**
     * Returns an integer within an inclusive range.
     *
     * @param key the key; not null
     * @param defaultValue the value when unset
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the value
     * @throws ConfigException when the value is not an integer or is out of range
     */
    public int integer(String key, int defaultValue, int min, int max) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw new ConfigException(key, "must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be an integer, was '" + raw.get() + "'", e);
        }
    }

    /**
     * Returns a boolean written {@code true} or {@code false} (any case).
     *
     * @param key the key; not null
     * @param defaultValue the value when unset
     * @return the value
     * @throws ConfigException when the value is neither {@code true} nor {@code false}
     */
    public boolean flag(String key, boolean defaultValue) {
        return get(key).map(raw -> switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, "must be true or false, was '" + raw + "'");
        }).orElse(defaultValue);
    }

    /**
     * Returns one of a closed set of words, compared without regard to case.
     *
     * @param key the key; not null
     * @param defaultValue the value when unset; not null
     * @param allowed the words allowed, in lower case; not empty
     * @return the value, in lower case; never null
     * @throws ConfigException when the value is not one of {@code allowed}
     */
    public String choice(String key, String defaultValue, String... allowed) {
        String value = get(key).map(v -> v.toLowerCase(Locale.ROOT)).orElse(defaultValue);
        if (!Arrays.asList(allowed).contains(value)) {
            throw new ConfigException(key, "must be one of " + String.join(", ", allowed) + ", was '" + value + "'");
        }
        return value;
    }

    /**
     * Returns a file-system path.
     *
     * @param key the key; not null
     * @param defaultValue the value when unset; not null
     * @return the path as written (relative paths are relative to the working directory)
     */
    public Path path(String key, Path defaultValue) {
        return path(key).orElse(defaultValue);
    }

    /**
     * Returns a path value.
     *
     * @param key the key; not null
     * @return the path as written (relative paths are relative to the working directory); empty when unset
     * @throws ConfigException naming the key when the value is no path on this system (a NUL character)
     */
    public Optional<Path> path(String key) {
        try {
            return get(key).map(Path::of);
        } catch (InvalidPathException e) {
            // The reason only: the value may hold the very character that is refused.
            throw new ConfigException(key, "must be a file path: " + e.getReason().toLowerCase(Locale.ROOT), e);
        }
    }

    /**
     * Returns a comma-separated list, each element trimmed, empty elements dropped.
     *
     * @param key the key; not null
     * @return the elements in order; empty when unset; never null
     */
    public List<String> list(String key) {
        List<String> result = new ArrayList<>();
        get(key).ifPresent(raw -> {
            for (String part : raw.split(",")) {
                String element = trim(part);
                if (!element.isEmpty()) {
                    result.add(element);
                }
            }
        });
        return List.copyOf(result);
    }

    /**
     * Returns every key that is set.
     *
     * @return the keys, sorted; never null
     */
    public Set<String> keys() {
        return values.keySet();
    }

    /**
     * Parses a duration in the syntax every Push3 setting uses.
     *
     * @param key the setting it came from, for the error message; not null
     * @param raw the text, for example {@code 1s} or {@code PT1S}; not null
     * @return the duration; never negative
     * @throws ConfigException when the text is not a duration or is negative
     */
    public static Duration parseDuration(String key, String raw) {
        String text = raw.strip();
        Matcher m = SHORT_DURATION.matcher(text);
        try {
            Duration d;
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                d = Duration.parse(text);
            }
            if (d.isNegative()) {
                throw new ConfigException(key, "must not be negative, was '" + raw + "'");
            }
            return d;
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new ConfigException(key,
                    "must be a duration such as 500ms, 1s, 10m, 2h, 1d or PT1S, was '" + raw + "'", e);
        }
    }

    /** Lists the keys, never the values, which may be secrets. */
    @Override
    public String toString() {
        return "PluginConfig" + values.keySet();
    }
}
