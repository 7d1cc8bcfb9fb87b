package dev.push3.auth.file;

import dev.push3.api.ConfigException;
import dev.push3.api.support.ConfigFiles;
import dev.push3.passwords.scheme.SchemePrefix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the users file and decides whether it can be put in force: it must exist, be
 * readable and hold at least one valid user. The first skipped lines are logged with their
 * numbers, the rest only counted, so that a file of a million bad lines logs a dozen lines.
 */
final class UsersFileLoader {
    private static final Logger LOG = LoggerFactory.getLogger(UsersFileLoader.class);

    private final Path path;
    private final SchemePrefix defaultScheme;
    private final boolean allowWeakSchemes;

    UsersFileLoader(Path path, SchemePrefix defaultScheme, boolean allowWeakSchemes) {
        this.path = path;
        this.defaultScheme = defaultScheme;
        this.allowWeakSchemes = allowWeakSchemes;
    }

    /**
     * Returns the path this loader reads.
     *
     * @return the path; never null
     */
    Path path() {
        return path;
    }

    /**
     * Reads the file.
     *
     * @return the users to put in force; never null
     * @throws UnusableUsersFileException when the file is missing, unreadable or has no valid user
     */
    LoadedUsers load() throws UnusableUsersFileException {
        UsersFile file = readFile();
        file.problems().forEach(problem -> LOG.warn("Users file {}: {}", path, problem));
        long unlisted = file.skipped() - file.problems().size();
        if (unlisted > 0) {
            LOG.warn("Users file {}: {} more line(s) skipped, not listed (the first {} are above)", path, unlisted,
                    file.problems().size());
        }
        if (file.size() == 0) {
            throw new UnusableUsersFileException("users file " + path.toAbsolutePath()
                    + " has no valid user line (expected user:{SCHEME}secret, for example a line made by"
                    + " 'push3 passwd USER'); " + file.skipped() + " line(s) skipped"
                    + file.problems().stream().map(p -> "; " + p).collect(Collectors.joining())
                    + (unlisted > 0 ? "; and " + unlisted + " more" : ""), null);
        }
        if (file.weakCount() > 0) {
            LOG.warn("Users file {}: {} user(s) have hashes of weak kinds ({}), accepted because {}=true;"
                    + " rehash their passwords (push3 passwd) and turn it off", path, file.weakCount(),
                    file.weakUsers().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                            .collect(Collectors.joining(", ")), FileAuthSettings.ALLOW_WEAK_SCHEMES);
        }
        LOG.info("Users file {}: {} user(s) loaded, {} line(s) skipped", path, file.size(), file.skipped());
        return LoadedUsers.of(file);
    }

    private UsersFile readFile() throws UnusableUsersFileException {
        if (Files.exists(path)) { // a FIFO would block the reader (start-up, a reload under the settings' lock)
            try {
                ConfigFiles.requireRegular(path, FileAuthSettings.PATH);
            } catch (ConfigException e) {
                throw new UnusableUsersFileException(e.getMessage(), e);
            }
        }
        try {
            return UsersFileReader.read(path, defaultScheme, allowWeakSchemes);
        } catch (OutOfMemoryError e) {
            // What was read so far is garbage now; the heap is free again for the table in force.
            throw new UnusableUsersFileException("users file " + path.toAbsolutePath() + " does not fit in the heap ("
                    + e.getMessage() + "); it needs about its own size, twice during a reload, beside "
                    + FileAuthSettings.MAX_HASH_MEMORY + ": raise -Xmx (PUSH3_JAVA_OPTS)", null);
        } catch (IllegalStateException e) {
            throw new UnusableUsersFileException("users file " + path.toAbsolutePath() + " cannot be used: "
                    + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new UnusableUsersFileException("users file " + path.toAbsolutePath() + " does not exist;"
                    + " create it (see 'push3 passwd') or set " + FileAuthSettings.PATH, e);
        } catch (IOException e) {
            throw new UnusableUsersFileException("users file " + path.toAbsolutePath() + " cannot be read: "
                    + e, e);
        }
    }
}
