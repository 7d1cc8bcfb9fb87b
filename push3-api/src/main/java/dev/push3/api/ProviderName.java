package dev.push3.api;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one rule for the name of an authenticator or metrics source provider, as returned by
 * {@link dev.push3.api.auth.AuthenticatorProvider#name()} and
 * {@link dev.push3.api.metrics.MetricsSourceProvider#name()}.
 *
 * <p>A name is 1 to {@value #MAX_LENGTH} characters matching {@code [a-z][a-z0-9]*}: it
 * becomes part of configuration keys ({@code auth.<name>.}, {@code metrics.<name>.}) and of
 * metric names ({@code <name>.up}, {@code push3.auth.<name>.}), whose grammar
 * (docs/PROTOCOL.md) allows neither {@code -} nor upper case. The names of the built-in
 * parts, {@value #IN_PROCESS} and {@value #DEMO}, are reserved. The server checks every
 * provider's name when it discovers it and refuses one that breaks the rule, naming its jar.
 */
public final class ProviderName {
    /** The pattern a name matches. */
    public static final Pattern PATTERN = Pattern.compile("[a-z][a-z0-9]*");
    /** The longest name allowed, in characters. */
    public static final int MAX_LENGTH = 32;
    /** The built-in metrics source of the server's own counters. */
    public static final String IN_PROCESS = "inprocess";
    /** The built-in authenticator of {@code push3 serve --demo}. */
    public static final String DEMO = "demo";
    private static final Set<String> RESERVED = Set.of(IN_PROCESS, DEMO);

    private ProviderName() {
    }

    /**
     * Tells what is wrong with a provider's name.
     *
     * @param name the name a provider returned; may be null
     * @return why the name is refused, to be shown after the name; empty when it is valid
     */
    public static Optional<String> problem(@Nullable String name) {
        if (name == null || !PATTERN.matcher(name).matches()) {
            return Optional.of("is not a provider name (a lower-case letter, then lower-case letters and digits)");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        if (RESERVED.contains(name)) {
            return Optional.of("is reserved for Push3's built-in " + (name.equals(IN_PROCESS) ? "metrics source" : "authenticator"));
        }
        return Optional.empty();
    }
}
