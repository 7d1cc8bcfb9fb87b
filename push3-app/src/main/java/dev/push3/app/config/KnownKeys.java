package dev.push3.app.config;

import dev.push3.api.ConfigException;
import dev.push3.core.settings.NearestKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses configuration keys that nobody reads, so that a typo such as
 * {@code auth.failure-dealy} stops start-up instead of leaving the default in force.
 *
 * <p>Only the namespaces Push3 owns are checked: {@code server.}, {@code auth.},
 * {@code metrics.} and {@code http.}. Under {@code auth.<name>.} and {@code metrics.<name>.} a key belongs to
 * the plugin of that name, and is checked against the keys the plugin declares; a plugin
 * that declares none is not checked.
 *
 * @param core the keys Push3 itself reads
 * @param plugins for each installed plugin's prefix ({@code auth.pop3.}), the keys it
 *     declares; an empty set for a plugin that declares none
 */
public record KnownKeys(Set<String> core, Map<String, Set<String>> plugins) {
    /** The namespaces Push3 owns. */
    public static final List<String> NAMESPACES = List.of("server.", "auth.", "metrics.", "http.");
    /** {@code auth.NAME.} or {@code metrics.NAME.}: the prefix of a plugin's keys. */
    private static final Pattern PLUGIN_KEY = Pattern.compile("(auth|metrics)\\.([a-z][a-z0-9]*)\\.");

    /** Copies the sets. */
    public KnownKeys {
        core = Set.copyOf(core);
        plugins = Map.copyOf(plugins);
    }

    /**
     * Checks every key read.
     *
     * @param read the configuration and where each key was set
     * @throws ConfigException for the first unknown key, naming where it was set and the
     *     nearest known key
     */
    public void check(ConfigurationFile.Read read) {
        new TreeSet<>(read.origins().keySet()).forEach(key -> {
            if (!known(key)) {
                throw new ConfigException(key, "unknown key at " + read.origins().get(key) + owner(key) + suggestion(key));
            }
        });
    }

    private boolean known(String key) {
        if (core.contains(key) || NAMESPACES.stream().noneMatch(key::startsWith)) {
            return true;
        }
        return plugins.entrySet().stream()
                .filter(plugin -> key.startsWith(plugin.getKey()))
                .anyMatch(plugin -> plugin.getValue().isEmpty() || plugin.getValue().contains(key));
    }

    /** Names the plugin a key's prefix points at when no such plugin is installed. */
    private String owner(String key) {
        Matcher plugin = PLUGIN_KEY.matcher(key);
        if (!plugin.lookingAt() || plugins.containsKey(plugin.group())
                || core.stream().anyMatch(known -> known.startsWith(plugin.group()))) { // auth.penalty.max is Push3's
            return "";
        }
        return "; no installed plugin is named '" + plugin.group(2) + "' (push3 plugins lists them)";
    }

    private String suggestion(String key) {
        Optional<String> nearest = NearestKey.of(key, allKeys());
        return nearest.map(known -> "; did you mean " + known + "?")
                .orElse("; see docs/CONFIGURATION.md for the keys, or the plugin's own documentation");
    }

    private Set<String> allKeys() {
        Set<String> all = new TreeSet<>(core);
        plugins.values().forEach(all::addAll);
        return all;
    }
}
