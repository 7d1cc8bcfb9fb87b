package dev.push3.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reason a file could not be read, from what the JDK really throws, never its path again. */
class ConfigExceptionTest {
    @TempDir
    Path dir;

    private static String reasonReading(Path file) {
        try {
            Files.readAllLines(file);
            throw new AssertionError("read " + file);
        } catch (IOException e) {
            return ConfigException.reason(e);
        }
    }

    @Test
    void aMissingFileAndADirectoryHaveAReasonThatDoesNotRepeatThePath() {
        assertThat(reasonReading(dir.resolve("missing.pem"))).isEqualTo("no such file");
        assertThat(reasonReading(dir)).isEqualTo("Is a directory").doesNotContain(dir.toString());
        assertThat(ConfigException.reason(new IOException("Broken pipe"))).isEqualTo("Broken pipe");
        assertThat(ConfigException.reason(new java.nio.file.AccessDeniedException("/etc/x"))).isEqualTo("permission denied");
    }
}
