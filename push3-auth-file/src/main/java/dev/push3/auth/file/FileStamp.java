package dev.push3.auth.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What tells one version of the users file from another without reading it: modification
 * time, size and file key (device and inode on Unix). Replace-by-rename always changes the
 * inode; an edit in place changes the time. Symbolic links are followed.
 *
 * @param modified the modification time, or null when the file is missing
 * @param size the size in bytes, or -1 when missing
 * @param fileKey the file key, or null when missing or not supported
 */
record FileStamp(FileTime modified, long size, Object fileKey) {
    /** The stamp of a file that does not exist. */
    static final FileStamp MISSING = new FileStamp(null, -1, null);

    /**
     * Reads the stamp; one {@code stat} call.
     *
     * @param path the file; not null
     * @return the stamp, {@link #MISSING} when the file is missing or unreadable; never null
     */
    static FileStamp of(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new FileStamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        } catch (IOException e) {
            // Missing or unreadable: the reload that follows says which.
            return MISSING;
        }
    }
}
