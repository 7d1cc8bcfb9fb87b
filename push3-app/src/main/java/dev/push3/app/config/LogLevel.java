package dev.push3.app.config;

import dev.push3.api.ConfigException;
import dev.push3.core.settings.SettingGroup;
import dev.push3.core.settings.SettingKey;
import dev.push3.core.settings.SettingsRegistry;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code server.log-level}: the level of the root logger, changeable at run time. Core knows
 * no logging back-end (it logs through slf4j); the app, which ships log4j2, applies the level.
 */
public final class LogLevel {
    /** The key. */
    public static final String KEY = "server.log-level";
    private static final List<String> LEVELS = List.of("off", "error", "warn", "info", "debug", "trace", "all");

    private LogLevel() {
    }

    /**
     * Registers the key and applies its value now, when the file sets it; otherwise the
     * level of {@code conf/log4j2.xml} ({@code -Dpush3.log.level}, default {@code info}) stays.
     *
     * @param registry the live settings; not null
     * @throws ConfigException for a level that does not exist
     */
    public static void register(SettingsRegistry registry) {
        String initial = System.getProperty("push3.log.level", "info").toLowerCase(Locale.ROOT);
        registry.register(SettingGroup.single(SettingKey.changeable(KEY), initial, LogLevel::parse, LogLevel::apply));
        String configured = registry.shown().get(KEY);
        if (!configured.equals(initial)) {
            apply(parse(configured));
        }
    }

    private static Level parse(String text) {
        String name = text.strip().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(name)) {
            throw new ConfigException(KEY, "must be one of " + String.join(", ", LEVELS) + ", was '" + text + "'");
        }
        return Level.toLevel(name);
    }

    private static void apply(Level level) {
        Configurator.setRootLevel(level);
    }
}
