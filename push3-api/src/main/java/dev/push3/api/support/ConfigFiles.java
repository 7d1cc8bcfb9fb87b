package dev.push3.api.support;

import dev.push3.api.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Reads the files that configuration keys name (certificates, keys, trust stores, rule
 * files, password files, the configuration file itself) so that a value cannot block or
 * exhaust the server: only a regular file is opened (a FIFO would block the reader, and the
 * live settings' lock with it; a device such as {@code /dev/zero} never ends), and at most
 * {@link #MAX_BYTES} of it is read. Messages name the key and the file, never its content.
 *
 * <p>Stateless and thread-safe. A file swapped for a FIFO between the check and the open
 * could still block; the check is about mistakes and careless values, not a local attacker
 * who can already write the configuration's directories.
 */
public final class ConfigFiles {
    /** The most a configuration file may hold: 1 MiB (1,048,576 bytes). */
    public static final int MAX_BYTES = 1 << 20;

    private ConfigFiles() {
    }

    /**
     * Checks that {@code file} (its target, for a symbolic link) is a regular file, so that
     * opening it cannot block: for files read in a stream of unbounded size, such as a users
     * file.
     *
     * @param file the file; not null
     * @param key the key or option that named it, for messages; not null
     * @throws ConfigException naming {@code key}: {@code cannot read FILE: no such file},
     *     {@code ...: permission denied}, {@code ...: not a regular file ...}
     */
    public static void requireRegular(Path file, String key) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new ConfigException(key, "cannot read " + file + ": " + ConfigException.reason(e), e);
        }
        if (!attributes.isRegularFile()) {
            throw new ConfigException(key, "cannot read " + file + ": not a regular file"
                    + (attributes.isDirectory() ? ", a directory" : "; a FIFO, socket or device is never read as configuration"));
        }
    }

    /**
     * Reads a regular file of at most {@link #MAX_BYTES}.
     *
     * @param file the file; not null
     * @param key the key or option that named it, for messages; not null
     * @return its bytes; never null
     * @throws ConfigException naming {@code key} when it is missing, unreadable, not a
     *     regular file, or larger than {@link #MAX_BYTES}
     */
    public static byte[] read(Path file, String key) {
        requireRegular(file, key);
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_BYTES + 1); // bounded even when the size grows or is not told
        } catch (IOException e) {
            throw new ConfigException(key, "cannot read " + file + ": " + ConfigException.reason(e), e);
        }
        if (content.length > MAX_BYTES) {
            throw new ConfigException(key, "cannot read " + file + ": larger than " + MAX_BYTES
                    + " bytes (1 MiB), the limit for a configuration file");
        }
        return content;
    }
}
