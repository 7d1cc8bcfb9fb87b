package dev.push3.core.settings;

import java.util.Objects;

/**
 * One configuration key a {@link SettingsRegistry} knows.
 *
 * @param name the full key, for example {@code server.max-connections}; not null
 * @param changeable whether {@code CONFIG key value} and a reload may change it while the
 *     server runs; false for keys that need a restart (a port, an address, a backend choice)
 * @param secret whether its value is shown as {@code ***} and masked in the audit trail
 */
public record SettingKey(String name, boolean changeable, boolean secret) {
    /** Checks the name. */
    public SettingKey {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9_.-]*")) {
            throw new IllegalArgumentException("a setting name is [a-z][a-z0-9_.-]*, was '" + name + "'");
        }
    }

    /**
     * A key that may change while the server runs; not secret.
     *
     * @param name the full key; not null
     * @return the key; never null
     */
    public static SettingKey changeable(String name) {
        return new SettingKey(name, true, false);
    }

    /**
     * A key that needs a restart; not secret.
     *
     * @param name the full key; not null
     * @return the key; never null
     */
    public static SettingKey restart(String name) {
        return new SettingKey(name, false, false);
    }
}
