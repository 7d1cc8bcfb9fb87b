package dev.push3.app.config;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Writes a key changed at run time ({@code CONFIG key value}) back to the configuration file
 * the server was started with: only that key's line changes (or one line is appended when
 * the file did not set it); comments, blank lines and the order of the others stay. The new
 * file is written beside the old one and moved over it atomically, with the old one's
 * permissions, so a reader never sees half a file and a crash leaves the old one.
 *
 * @param file the configuration file
 */
public record ConfigFileWriter(Path file) {

    /**
     * Sets {@code key} to {@code value} in the file.
     *
     * @param key the key
     * @param value its new value, unescaped
     * @throws IOException when the file cannot be read or replaced; the message says why, in a few words
     *     (synchronized: two changes at once must not each write the file without the other's line)
     */
    public synchronized void save(String key, String value) throws IOException {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Files.move(write(replaced(lines, key, value)), file, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new IOException(e.getFile() + " no longer exists", e);
        } catch (AccessDeniedException e) {
            throw new IOException(file + " is not writable (permission denied)", e);
        } catch (FileSystemException e) {
            throw new IOException(file + ": " + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()), e);
        }
    }

    /** The lines with the key's logical line (continuations included) replaced, or one appended. */
    static List<String> replaced(List<String> lines, String key, String value) {
        List<String> out = new ArrayList<>(lines.size() + 1);
        boolean done = false;
        for (int start = 0; start < lines.size(); ) {
            int end = ConfigurationFile.logicalEnd(lines, start);
            if (!done && ConfigurationFile.keysOf(lines.subList(start, end + 1)).contains(key)) {
                out.add(line(key, value));
                done = true;
            } else {
                out.addAll(lines.subList(start, end + 1));
            }
            start = end + 1;
        }
        if (!done) {
            out.add(line(key, value));
        }
        return out;
    }

    /** {@code key=value} escaped as {@link Properties} reads it back. */
    static String line(String key, String value) {
        Properties one = new Properties();
        one.setProperty(key, value);
        StringWriter text = new StringWriter();
        try {
            one.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString().lines().filter(line -> !line.startsWith("#")).findFirst().orElseThrow();
    }

    private Path write(List<String> lines) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null) {
                Files.setPosixFilePermissions(temporary, posix.readAttributes().permissions());
            }
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            return temporary;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }
}
