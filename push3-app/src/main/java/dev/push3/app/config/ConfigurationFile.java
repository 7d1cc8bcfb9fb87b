package dev.push3.app.config;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads the configuration: a {@code push3.properties} file (UTF-8, Java properties
 * syntax), then command-line flags, which win.
 */
public final class ConfigurationFile {
    private ConfigurationFile() {
    }

    /**
     * Reads the file, if any, and applies the overrides.
     *
     * @param file the properties file; empty for none
     * @param overrides keys set on the command line; they replace the file's values
     * @return the configuration; never null
     * @throws ConfigException when the file cannot be read
     */
    public static PluginConfig read(Optional<Path> file, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        file.ifPresent(path -> values.putAll(load(path)));
        values.putAll(overrides);
        return PluginConfig.of(values);
    }

    private static Map<String, String> load(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("--config", "file " + path.toAbsolutePath() + " does not exist", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("--config", "cannot read " + path.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }
}
