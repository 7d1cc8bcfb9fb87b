package dev.push3.metrics.jmx;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.api.support.ConfigFiles;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.management.remote.JMXServiceURL;

/**
 * The settings of the {@code jmx} source, read from the {@code metrics.jmx.*} keys and
 * checked at start-up.
 *
 * @param target where the MBeans are read
 * @param timeout the longest a collection (connecting included) may take
 * @param rules the mapping rules: presets first, then the rules file's
 */
record JmxSettings(JmxTarget target, Duration timeout, List<MappingRule> rules) {
    static final String PREFIX = "metrics.jmx.";
    static final String URL = PREFIX + "url";
    static final String USER = PREFIX + "user";
    static final String PASSWORD = PREFIX + "password";
    static final String SSL = PREFIX + "ssl";
    static final String SSL_REGISTRY = PREFIX + "ssl.registry";
    static final String TIMEOUT = PREFIX + "timeout";
    static final String PRESETS = PREFIX + "presets";
    static final String RULES = PREFIX + "rules";
    /** Every key this plugin reads, as its provider declares them. */
    static final Set<String> KEYS = Set.of(URL, USER, PASSWORD, SSL, SSL_REGISTRY, TIMEOUT, PRESETS, RULES,
            TrustStore.KEY, TrustStore.TYPE, TrustStore.PASSWORD);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

    JmxSettings {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(timeout, "timeout");
        rules = List.copyOf(rules);
    }

    /**
     * Reads and checks the settings.
     *
     * @param config all configuration keys
     * @return the settings
     * @throws ConfigException naming the first wrong setting
     */
    static JmxSettings from(PluginConfig config) {
        return new JmxSettings(target(config), timeout(config), rules(config));
    }

    private static JmxTarget target(PluginConfig config) {
        Optional<String> url = config.get(URL);
        if (url.isEmpty()) {
            for (String key : List.of(USER, PASSWORD, SSL, SSL_REGISTRY, TrustStore.KEY)) {
                if (config.get(key).isPresent()) {
                    throw new ConfigException(key, "only applies to a remote agent; set " + URL
                            + " (for example service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi) or remove it");
                }
            }
            return new JmxTarget.Platform();
        }
        JMXServiceURL serviceUrl = serviceUrl(url.get());
        return new JmxTarget.Remote(serviceUrl, credentials(config), tls(config, serviceUrl));
    }

    private static JMXServiceURL serviceUrl(String text) {
        try {
            return new JMXServiceURL(text);
        } catch (MalformedURLException e) {
            throw new ConfigException(URL, "is not a JMX service URL (" + e.getMessage()
                    + "); write it like service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi", e);
        }
    }

    private static Optional<JmxTarget.Credentials> credentials(PluginConfig config) {
        Optional<String> user = config.get(USER);
        Optional<String> password = config.get(PASSWORD);
        if (user.isPresent() != password.isPresent()) {
            String missing = user.isPresent() ? PASSWORD : USER;
            throw new ConfigException(missing, "is required when " + (user.isPresent() ? USER : PASSWORD)
                    + " is set: the agent's password file pairs a user with a password");
        }
        return user.map(u -> new JmxTarget.Credentials(u, password.orElseThrow()));
    }

    private static Optional<JmxTarget.Tls> tls(PluginConfig config, JMXServiceURL url) {
        boolean ssl = config.flag(SSL, false);
        if (!ssl) {
            for (String key : List.of(SSL_REGISTRY, TrustStore.KEY)) {
                if (config.get(key).isPresent()) {
                    throw new ConfigException(key, "only applies with " + SSL + "=true");
                }
            }
            return Optional.empty();
        }
        if (!url.getProtocol().equals("rmi") || !url.getURLPath().startsWith(RemoteAccess.JNDI_PATH)) {
            throw new ConfigException(SSL, "needs " + URL + " to name the agent's registry, like"
                    + " service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi; was " + url);
        }
        return Optional.of(new JmxTarget.Tls(config.flag(SSL_REGISTRY, true), trustStore(config)));
    }

    private static Optional<TrustStore> trustStore(PluginConfig config) {
        Optional<Path> path = config.path(TrustStore.KEY);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TrustStore(path.get(), config.get(TrustStore.PASSWORD, "")));
    }

    private static Duration timeout(PluginConfig config) {
        Duration timeout = config.duration(TIMEOUT, DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new ConfigException(TIMEOUT, "must be more than 0 and at most 1m, was " + timeout.toMillis() + "ms");
        }
        return timeout;
    }

    private static List<MappingRule> rules(PluginConfig config) {
        List<MappingRule> rules = new ArrayList<>();
        for (Preset preset : presets(config)) {
            rules.addAll(preset.rules());
        }
        Optional<Path> file = config.path(RULES);
        List<MappingRule> result = file.isEmpty() ? rules : RuleLine.applyAll(rules, readRules(file.get()));
        if (result.isEmpty()) {
            throw new ConfigException(file.isEmpty() ? PRESETS : RULES, "leaves no mapping rule, so the source"
                    + " would report nothing; choose a preset (james-pop3, jvm) or add rules to " + RULES);
        }
        return result;
    }

    /** Both presets when the key is unset; none when it says {@code none}. */
    private static List<Preset> presets(PluginConfig config) {
        List<String> names = config.list(PRESETS);
        if (config.get(PRESETS).isEmpty()) {
            return List.of(Preset.values());
        }
        if (names.equals(List.of(Preset.NONE))) {
            return List.of();
        }
        return names.stream().distinct().map(name -> Preset.named(PRESETS, name)).toList();
    }

    private static List<RuleLine> readRules(Path file) {
        List<String> lines = new String(ConfigFiles.read(file, RULES), StandardCharsets.UTF_8).lines().toList();
        try {
            return RuleSyntax.parse(lines);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(RULES, file + " " + e.getMessage()
                    + " (see the rule syntax in docs/CONFIGURATION.md)", e);
        }
    }
}
