package dev.push3.api.metrics;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * A factory of {@link MetricsSource}s, found by {@link java.util.ServiceLoader} and chosen
 * by name in the {@code metrics.sources} setting.
 *
 * <p>Register an implementation with {@code provides dev.push3.api.metrics.MetricsSourceProvider
 * with ...} in {@code module-info.java} and in
 * {@code META-INF/services/dev.push3.api.metrics.MetricsSourceProvider}. It needs a public
 * no-argument constructor that does no work.
 */
public interface MetricsSourceProvider {

    /**
     * Returns the short name users select this source by, for example {@code jmx}. The
     * server reports the source's health as {@code <name>.up}. The name follows
     * {@link dev.push3.api.ProviderName}'s rule; a provider that breaks it is refused at
     * discovery.
     *
     * @return the name; never null
     */
    String name();

    /**
     * Creates the source from the configuration. Called once, at start-up, on the main
     * thread. Should not fail because the backend is down at start-up: that is
     * {@code <name>.up=0} later.
     *
     * @param config this provider's own keys, those under {@code metrics.<name>.}, with their
     *     full names; read-only; not null
     * @return the source; never null
     * @throws ConfigException when a setting is missing or wrong
     */
    MetricsSource create(PluginConfig config);

    /**
     * Returns the configuration keys this provider reads, with their full names, for
     * example {@code metrics.jmx.url}. At start-up Push3 refuses a key under {@code metrics.<name>.} that is
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
     * Returns the keys, among {@link #configKeys()}, that may change while the server runs
     * ({@code CONFIG key value}, or a reload on SIGHUP); a change of one of them reaches the
     * running source through {@link MetricsSource#reconfigure}. The other keys need a
     * restart. Called once, after {@link #create}.
     *
     * <p>The default, an empty set, keeps plugins written before this method working: all
     * their keys need a restart.
     *
     * @return the full keys, for example {@code metrics.jmx.rules}; never null, may be empty
     * @since 0.3
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.3")
    default Set<String> changeableConfigKeys() {
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
