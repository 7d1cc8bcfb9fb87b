package dev.push3.api.auth;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * A factory of {@link Authenticator}s, found by {@link java.util.ServiceLoader} and chosen
 * by the {@code auth.backend} setting.
 *
 * <p>Register an implementation with {@code provides dev.push3.api.auth.AuthenticatorProvider
 * with ...} in {@code module-info.java} and in
 * {@code META-INF/services/dev.push3.api.auth.AuthenticatorProvider}. It needs a public
 * no-argument constructor that does no work; all work belongs in {@link #create}.
 */
public interface AuthenticatorProvider {

    /**
     * Returns the short name users select this backend by, for example {@code file} or
     * {@code pop3}, following {@link dev.push3.api.ProviderName}'s rule. A provider with a
     * name that breaks the rule is refused at discovery; two providers with one name are
     * rejected when that name is selected.
     *
     * @return the name; never null
     */
    String name();

    /**
     * Creates the authenticator from the configuration. Called once, at start-up, on the
     * main thread.
     *
     * @param config this provider's own keys, those under {@code auth.<name>.}, with their
     *     full names; read-only; not null
     * @return a ready authenticator; never null
     * @throws ConfigException when a setting is missing or wrong; start-up then stops with
     *     its message
     */
    Authenticator create(PluginConfig config);

    /**
     * Returns the configuration keys this provider reads, with their full names, for
     * example {@code auth.static.users}. At start-up Push3 refuses a key under {@code auth.<name>.} that is
     * not among them, naming the file, the line and the nearest declared key, so that a typo
     * never passes silently. Called once, at discovery, before {@link #create}.
     *
     * <p>The default, an empty set, declares nothing: the keys under the provider's prefix
     * are then not checked. It keeps plugins written before this method working.
     *
     * @return the keys; never null, may be empty
     * @since 0.2
     */
    default Set<String> configKeys() {
        return Set.of();
    }

    /**
     * Returns the keys, among {@link #configKeys()}, whose values are secrets: {@code CONFIG}
     * shows them as {@code ***} and the audit trail masks them.
     *
     * <p>The default takes every declared key whose name contains {@code password},
     * {@code secret} or {@code token} ({@link dev.push3.api.PluginConfig#looksSecret}); a
     * provider with another secret overrides it.
     *
     * @return the full keys; never null, may be empty
     * @since 0.3
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.3")
    default Set<String> secretConfigKeys() {
        return configKeys().stream().filter(PluginConfig::looksSecret)
                .collect(Collectors.toUnmodifiableSet());
    }
}
