package dev.push3.app.config;

import dev.push3.api.ConfigException;
import dev.push3.api.support.ConfigFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;

/**
 * A file whose first line is a password ({@code --password-file}, {@code push3 exporter}'s
 * {@code module.NAME.password-file}). The password never appears in a message.
 */
public final class SecretFile {
    private SecretFile() {
    }

    /**
     * Reads the first line, and warns when other users can read the file.
     *
     * @param path the file; not null
     * @param key the option or key that named it, for messages; not null
     * @param warnings where the warning goes; not null
     * @return the password, not empty
     * @throws ConfigException naming {@code key} when the file cannot be read or its first line is empty
     */
    public static String firstLine(Path path, String key, PrintWriter warnings) {
        List<String> lines = new String(ConfigFiles.read(path, key), StandardCharsets.UTF_8).lines().toList();
        if (lines.isEmpty() || lines.getFirst().isEmpty()) {
            throw new ConfigException(key, path + " is empty; its first line must be the password");
        }
        if (readableByOthers(path)) {
            warnings.printf("push3: warning: %s can be read by other users; chmod 600 it%n", path).flush();
        }
        return lines.getFirst();
    }

    private static boolean readableByOthers(Path path) {
        try {
            return Files.getPosixFilePermissions(path).contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
