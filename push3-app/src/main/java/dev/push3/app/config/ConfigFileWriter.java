package dev.push3.app.config;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Writes a key changed at run time ({@code CONFIG key value}) back to the configuration file
 * the server was started with: only that key's line changes (or one line is appended when
 * the file did not set it); comments, blank lines, the order of the others, the line
 * separator (LF or CRLF) and whether the file ends with one stay. The new file is written
 * beside the file's real target (a symbolic link stays a link), flushed to disk, and moved
 * over the target atomically, with the old one's permissions and, where the server may set
 * them, its owner and group, so a reader never sees half a file and a crash leaves the old
 * one. A temporary file is never left behind: it holds the configuration's secrets.
 *
 * @param file the configuration file, or a symbolic link to it
 */
public record ConfigFileWriter(Path file) {

    /**
     * Sets {@code key} to {@code value} in the file.
     *
     * @param key the key
     * @param value its new value, unescaped
     * @throws IOException when the file cannot be read or replaced; the message says why, in a
     *     few words without parentheses, naming the file or directory at fault (synchronized:
     *     two changes at once must not each write the file without the other's line)
     */
    public synchronized void save(String key, String value) throws IOException {
        Path target;
        String text;
        try {
            target = file.toRealPath();
            text = Files.readString(target, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(file + " no longer exists", e);
        } catch (AccessDeniedException e) {
            throw new IOException(file + " is not readable, permission denied", e);
        } catch (FileSystemException e) {
            throw new IOException(file + ": " + reason(e), e);
        }
        String separator = text.contains("\r\n") ? "\r\n" : "\n";
        boolean finalSeparator = text.isEmpty() || text.endsWith("\n");
        String replaced = String.join(separator, replaced(text.lines().toList(), key, value))
                + (finalSeparator ? separator : "");
        Path directory = target.getParent();
        Path temporary;
        try {
            temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
        } catch (AccessDeniedException e) {
            throw new IOException("the directory " + directory + " is not writable, permission denied", e);
        } catch (FileSystemException e) {
            throw new IOException("the directory " + directory + ": " + reason(e), e);
        }
        try {
            copyAttributes(target, temporary);
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(replaced.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true); // on disk before the move makes it the configuration
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            if (e instanceof AccessDeniedException) {
                throw new IOException("the directory " + directory + " is not writable, permission denied", e);
            }
            if (e instanceof FileSystemException failed) {
                throw new IOException(target + ": " + reason(failed), e);
            }
            throw e;
        }
    }

    /** The old file's permissions, and its owner and group where this user may give them. */
    private static void copyAttributes(Path from, Path to) throws IOException {
        PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        if (source == null) {
            return;
        }
        PosixFileAttributes attributes = source.readAttributes();
        PosixFileAttributeView copy = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        copy.setPermissions(attributes.permissions());
        try {
            copy.setGroup(attributes.group());
            copy.setOwner(attributes.owner());
        } catch (IOException e) {
            // Only root may give a file away: the new file keeps the server's user, as before.
        }
    }

    private static String reason(FileSystemException e) {
        return e.getReason() == null ? e.getClass().getSimpleName() : e.getReason().toLowerCase(Locale.ROOT);
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
}
