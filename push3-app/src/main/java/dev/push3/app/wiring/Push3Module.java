package dev.push3.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.api.ProviderName;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.AuthenticatorProvider;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.api.metrics.MetricsSourceProvider;
import dev.push3.app.config.KnownKeys;
import dev.push3.app.config.LogLevel;
import dev.push3.app.demo.DemoAuthenticator;
import dev.push3.app.plugins.Plugins;
import dev.push3.app.plugins.ProviderCatalog;
import dev.push3.core.server.Backends;
import dev.push3.core.settings.ServerSettings;
import dev.push3.core.settings.SettingGroup;
import dev.push3.core.settings.SettingKey;
import dev.push3.core.settings.SettingsRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds what {@code push3 serve} needs. The authenticator is the provider named by
 * {@code auth.backend} (default {@code file}), or the demo user; the metrics sources are
 * those named in {@code metrics.sources} (default {@code inprocess}, which is always on).
 */
public final class Push3Module extends AbstractModule {
    private static final Logger LOG = LoggerFactory.getLogger(Push3Module.class);
    private static final String AUTH_BACKEND = "auth.backend";
    private static final String METRICS_SOURCES = "metrics.sources";

    private final PluginConfig config;
    private final Optional<DemoAuthenticator> demo;
    private final Plugins plugins;

    /**
     * Creates the module.
     *
     * @param config the whole configuration
     * @param demo the demo user, replacing {@code auth.backend}, or empty
     * @param plugins the providers to choose from
     */
    public Push3Module(PluginConfig config, Optional<DemoAuthenticator> demo, Plugins plugins) {
        this.config = config;
        this.demo = demo;
        this.plugins = plugins;
    }

    @Override
    protected void configure() {
        bind(PluginConfig.class).toInstance(config);
    }

    @Provides
    @Singleton
    ServerSettings serverSettings(PluginConfig config) {
        return ServerSettings.fromConfig(config);
    }

    @Provides
    @Singleton
    ProviderCatalog<AuthenticatorProvider> authenticatorProviders() {
        return plugins.authenticators();
    }

    @Provides
    @Singleton
    ProviderCatalog<MetricsSourceProvider> metricsSourceProviders() {
        return plugins.metricsSources();
    }

    @Provides
    @Singleton
    Backends backends(PluginConfig config, ProviderCatalog<AuthenticatorProvider> authenticators,
            ProviderCatalog<MetricsSourceProvider> sources) {
        Backends backends = demo.isPresent()
                ? Backends.of(DemoAuthenticator.NAME, demo.get())
                : authenticator(config, authenticators);
        try {
            for (String name : config.list(METRICS_SOURCES)) {
                if (!name.equals(Backends.IN_PROCESS)) {
                    backends = backends.withSource(name, source(name, config, sources));
                }
            }
            return backends;
        } catch (RuntimeException e) {
            backends.close();
            throw e;
        }
    }

    private static Backends authenticator(PluginConfig config, ProviderCatalog<AuthenticatorProvider> catalog) {
        String name = config.get(AUTH_BACKEND, "file");
        ProviderCatalog.Found<AuthenticatorProvider> found = catalog.select(name, AUTH_BACKEND);
        LOG.info("Authenticator '{}' from {}", name, found.origin());
        Authenticator authenticator = found.provider().create(config.only("auth." + name + "."));
        return Backends.of(name, authenticator);
    }

    private static MetricsSource source(String name, PluginConfig config, ProviderCatalog<MetricsSourceProvider> catalog) {
        ProviderName.problem(name).ifPresent(problem -> {
            throw new ConfigException(METRICS_SOURCES, "'" + name + "' " + problem);
        });
        ProviderCatalog.Found<MetricsSourceProvider> found = catalog.select(name, METRICS_SOURCES);
        LOG.info("Metrics source '{}' from {}", name, found.origin());
        return found.provider().create(config.only("metrics." + name + "."));
    }

    /**
     * Returns the configuration keys that Push3 and the installed plugins read: the server's
     * own, the two this module reads, and each plugin's declared keys under its prefix.
     *
     * @param plugins the plugins found
     * @return the keys; never null
     */
    public static KnownKeys knownKeys(Plugins plugins) {
        Set<String> core = new HashSet<>(ServerSettings.KEYS);
        core.addAll(Set.of(AUTH_BACKEND, METRICS_SOURCES, LogLevel.KEY));
        Map<String, Set<String>> declared = new HashMap<>();
        plugins.authenticators().all().forEach(found ->
                declared.put("auth." + found.name() + ".", declaredKeys(found, found.provider()::configKeys)));
        plugins.metricsSources().all().forEach(found ->
                declared.put("metrics." + found.name() + ".", declaredKeys(found, found.provider()::configKeys)));
        return new KnownKeys(core, declared);
    }

    /**
     * Registers in the live settings the keys that {@code CONFIG} lists beside the server's:
     * {@code auth.backend} and {@code metrics.sources} (restart), the log level
     * ({@link LogLevel}), and the declared keys of the plugins in use: a metrics source's
     * {@linkplain MetricsSourceProvider#changeableConfigKeys() changeable} keys reach it through
     * {@link MetricsSource#reconfigure}, the others need a restart; secrets as the provider
     * declares them.
     *
     * @param live the live settings; not null
     * @param plugins the plugins found
     * @param backends the sources created from them
     * @throws ConfigException for a bad log level
     */
    public void registerLiveKeys(SettingsRegistry live, Plugins plugins, Backends backends) {
        LogLevel.register(live);
        List<SettingKey> restart = new ArrayList<>(List.of(SettingKey.restart(AUTH_BACKEND), SettingKey.restart(METRICS_SOURCES)));
        if (demo.isEmpty()) {
            String backend = config.get(AUTH_BACKEND, "file");
            plugins.authenticators().all().stream().filter(found -> found.name().equals(backend)).forEach(found ->
                    restart.addAll(keys(declaredKeys(found, found.provider()::configKeys), Set.of(),
                            declaredKeys(found, found.provider()::secretConfigKeys))));
        }
        for (ProviderCatalog.Found<MetricsSourceProvider> found : plugins.metricsSources().all()) {
            MetricsSource source = backends.sources().get(found.name());
            if (source == null) {
                continue;
            }
            Set<String> changeable = declaredKeys(found, found.provider()::changeableConfigKeys);
            List<SettingKey> keys = keys(declaredKeys(found, found.provider()::configKeys), changeable,
                    declaredKeys(found, found.provider()::secretConfigKeys));
            keys.stream().filter(key -> !key.changeable()).forEach(restart::add);
            List<SettingKey> changing = keys.stream().filter(SettingKey::changeable).toList();
            if (!changing.isEmpty()) {
                String prefix = "metrics." + found.name() + ".";
                live.register(new SettingGroup<Runnable>(changing, all -> source.reconfigure(all.only(prefix)),
                        step -> Map.of(), Runnable::run));
            }
        }
        List<String> restartNames = restart.stream().map(SettingKey::name).toList();
        live.register(new SettingGroup<>(restart, next -> checkRestartKeys(next, restartNames, plugins),
                value -> Map.of(AUTH_BACKEND, config.get(AUTH_BACKEND, "file"), METRICS_SOURCES,
                        config.get(METRICS_SOURCES, Backends.IN_PROCESS)), value -> { }));
    }

    /**
     * Checks a reloaded file's keys that need a restart as start-up does, so that a reload
     * refuses what a restart would refuse: when the backend's or a metrics source's keys
     * differ from those in force, the plugin is created from the new values and closed at
     * once (a file authenticator reads its users file). Unchanged plugins are not rebuilt.
     * Called under the live settings' lock, on the reloading thread.
     *
     * @return {@code TRUE}; the values are not applied (they wait for a restart)
     * @throws ConfigException naming the key for a value start-up would refuse
     */
    private Boolean checkRestartKeys(PluginConfig next, List<String> restartKeys, Plugins plugins) {
        Set<String> changed = new HashSet<>();
        restartKeys.stream().filter(key -> !next.get(key).equals(config.get(key))).forEach(changed::add);
        if (demo.isEmpty() && changed.stream().anyMatch(key -> key.startsWith("auth."))) {
            built(AUTH_BACKEND, () -> authenticator(next, plugins.authenticators()).close());
        }
        List<String> running = config.list(METRICS_SOURCES);
        for (String name : next.list(METRICS_SOURCES)) {
            if (!name.equals(Backends.IN_PROCESS) && (!running.contains(name)
                    || changed.stream().anyMatch(key -> key.startsWith("metrics." + name + ".")))) {
                built(METRICS_SOURCES, () -> source(name, next, plugins.metricsSources()).close());
            }
        }
        return Boolean.TRUE;
    }

    /** Runs a check that builds a plugin from new values and closes it. */
    private static void built(String key, Runnable buildAndClose) {
        try {
            buildAndClose.run();
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(key, "the plugin refused the new values: " + e.getMessage(), e);
        }
    }

    private static List<SettingKey> keys(Set<String> declared, Set<String> changeable, Set<String> secret) {
        return declared.stream().sorted()
                .map(key -> new SettingKey(key, changeable.contains(key), secret.contains(key))).toList();
    }

    /** A plugin that cannot say which keys it reads is not checked rather than refused. */
    private static Set<String> declaredKeys(ProviderCatalog.Found<?> found, Supplier<Set<String>> keys) {
        try {
            return Set.copyOf(keys.get());
        } catch (RuntimeException e) {
            LOG.warn("Plugin '{}' from {} cannot list its configuration keys; they are not checked: {}",
                    found.name(), found.origin(), e.toString());
            return Set.of();
        }
    }
}
