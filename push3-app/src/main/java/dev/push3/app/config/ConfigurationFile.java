package dev.push3.app.config;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.api.support.ConfigFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads the configuration: a {@code push3.properties} file (UTF-8, Java properties
 * syntax), then command-line flags, which win.
 *
 * <p>Every value remembers where it was set, so that a later check can name the file and
 * line of a wrong key. A key set twice in the file is refused, naming both lines: with
 * {@link Properties} alone the last one would win without a word.
 */
public final class ConfigurationFile {
    private ConfigurationFile() {
    }

    /**
     * The configuration read, and where each key was set.
     *
     * @param config the values; never null
     * @param origins for each key, {@code FILE line N} or the flag that set it; never null
     */
    public record Read(PluginConfig config, Map<String, String> origins) {
        /** Copies the origins. */
        public Read {
            origins = Map.copyOf(origins);
        }
    }

    /**
     * Reads the file, if any, and applies the overrides.
     *
     * @param file the properties file; empty for none
     * @param overrides keys set on the command line, each with the flag that set it for
     *     messages; they replace the file's values
     * @return the configuration; never null
     * @throws ConfigException when the file cannot be read, or sets a key twice
     */
    public static Read read(Optional<Path> file, Map<String, Override> overrides) {
        return read(file, overrides, "--config");
    }

    /**
     * Reads a properties file of Push3's syntax named by another option, such as
     * {@code push3 exporter --modules}.
     *
     * @param file the properties file; empty for none
     * @param overrides keys set on the command line; they replace the file's values
     * @param option the option that named the file, for messages
     * @return the keys read; never null
     * @throws ConfigException naming {@code option} when the file cannot be read, or sets a key twice
     */
    public static Read read(Optional<Path> file, Map<String, Override> overrides, String option) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        file.ifPresent(path -> load(path, values, origins, option));
        overrides.forEach((key, override) -> {
            values.put(key, override.value());
            origins.put(key, override.flag());
        });
        return new Read(PluginConfig.of(values), origins);
    }

    /**
     * A value set by a command-line flag.
     *
     * @param value the value
     * @param flag the flag, for messages, for example {@code --port}
     */
    public record Override(String value, String flag) {
    }

    private static void load(Path path, Map<String, String> values, Map<String, String> origins, String option) {
        if (!Files.exists(path)) {
            throw new ConfigException(option, "file " + path.toAbsolutePath() + " does not exist");
        }
        List<String> lines;
        try {
            lines = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(ConfigFiles.read(path.toAbsolutePath(), option)))
                    .toString().lines().toList();
        } catch (CharacterCodingException e) {
            throw new ConfigException(option, "cannot read " + path.toAbsolutePath() + ": not UTF-8 text", e);
        }
        String name = path.getFileName().toString();
        for (int start = 0; start < lines.size(); ) {
            int end = logicalEnd(lines, start);
            // Properties parses the line, so keys, escapes and separators are exactly as it reads them.
            Properties one = parse(String.join("\n", lines.subList(start, end + 1)), path, start + 1, option);
            for (String key : one.stringPropertyNames()) {
                String origin = name + " line " + (start + 1);
                String earlier = origins.putIfAbsent(key, origin);
                if (earlier != null) {
                    throw new ConfigException(key, "set twice, at " + earlier + " and at " + origin
                            + "; keep one of them");
                }
                values.put(key, one.getProperty(key));
            }
            start = end + 1;
        }
    }

    /**
     * Finds where a logical line ends: a line ending in an odd number of backslashes
     * continues on the next.
     *
     * @param lines the file's lines
     * @param start the index of the logical line's first line
     * @return the index of its last line
     */
    static int logicalEnd(List<String> lines, int start) {
        int end = start;
        while (continues(lines.get(end)) && end + 1 < lines.size()) {
            end++;
        }
        return end;
    }

    /**
     * Returns the key one logical line sets, read by {@link Properties} itself.
     *
     * @param logicalLine the lines of one logical line
     * @return its key, none for a comment or blank line; a line that does not parse sets none
     */
    static java.util.Set<String> keysOf(List<String> logicalLine) {
        Properties one = new Properties();
        try {
            one.load(new StringReader(String.join("\n", logicalLine)));
        } catch (IOException | IllegalArgumentException e) {
            return java.util.Set.of();
        }
        return one.stringPropertyNames();
    }

    private static boolean continues(String line) {
        if (isComment(line)) {
            return false;
        }
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static boolean isComment(String line) {
        String stripped = line.stripLeading();
        return stripped.startsWith("#") || stripped.startsWith("!");
    }

    private static Properties parse(String logicalLine, Path path, int line, String option) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(logicalLine));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option, "cannot read " + path.toAbsolutePath() + " line " + line + ": "
                    + e.getMessage(), e);
        }
        return properties;
    }
}
