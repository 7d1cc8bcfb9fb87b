package dev.push3.core.settings;

import dev.push3.api.PluginConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keys that are read, validated and applied together, as one value: the server's
 * {@link ServerSettings}, a plugin's changeable keys, or an embedder's single tunable.
 *
 * <p>The registry calls {@code parse} with the whole configuration a change would leave
 * (every key set, not only this group's), so a group validates exactly as at start-up and
 * checks its keys against each other. Only when every group a change touches has parsed
 * does the registry call each {@code apply}: a change applies whole or not at all.
 *
 * @param keys the keys, each with whether it may change at run time and whether it is
 *     secret; not empty
 * @param parse reads and validates the group's value; throws {@link dev.push3.api.ConfigException}
 *     naming the key, with the message start-up gives. Called under the registry's lock,
 *     on the thread asking for the change; must not block for long
 * @param show the effective value of each key as text, defaults included, for
 *     {@code CONFIG} and the audit trail; keys it leaves out show as empty (no value)
 * @param apply puts a parsed value in force; called under the registry's lock after every
 *     touched group parsed; should not throw (a throw is reported and the keys already
 *     applied stay applied)
 * @param <T> the group's parsed value
 */
public record SettingGroup<T>(List<SettingKey> keys, Function<PluginConfig, T> parse,
        Function<? super T, Map<String, String>> show, Consumer<? super T> apply) {
    /** Copies the keys; checks the parts. */
    public SettingGroup {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a setting group needs at least one key");
        }
        Objects.requireNonNull(parse, "parse");
        Objects.requireNonNull(show, "show");
        Objects.requireNonNull(apply, "apply");
    }

    /**
     * One key with its own parser: for an embedder's tunable such as
     * {@code pop3.max-connections}.
     *
     * <pre>{@code
     * registry.register(SettingGroup.single(SettingKey.changeable("pop3.max-connections"), "100",
     *         text -> PluginConfig.of(Map.of("k", text)).integer("k", 100, 1, 100_000), pop3::maxConnections));
     * }</pre>
     *
     * @param key the key; not null
     * @param defaultValue the value in force when the key is not set; not null
     * @param parse reads a value, throwing {@link dev.push3.api.ConfigException} naming the key for a bad one; not null
     * @param apply puts a value in force; not null
     * @param <T> the parsed value
     * @return the group; never null
     */
    public static <T> SettingGroup<T> single(SettingKey key, String defaultValue, Function<String, T> parse,
            Consumer<? super T> apply) {
        Objects.requireNonNull(defaultValue, "defaultValue");
        return new SettingGroup<>(List.of(key), config -> parse.apply(config.get(key.name(), defaultValue)),
                value -> Map.of(key.name(), defaultValue), apply);
    }
}
