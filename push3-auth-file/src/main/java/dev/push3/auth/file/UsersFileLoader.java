package dev.push3.auth.file;

import dev.push3.auth.file.scheme.Scheme;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the users file and decides whether it can be put in force: it must exist, be
 * readable and hold at least one valid user. Each skipped line is logged with its number.
 */
final class UsersFileLoader {
    private static final Logger LOG = LoggerFactory.getLogger(UsersFileLoader.class);

    private final Path path;
    private final Scheme defaultScheme;

    UsersFileLoader(Path path, Scheme defaultScheme) {
        this.path = path;
        this.defaultScheme = defaultScheme;
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
        if (file.users().isEmpty()) {
            throw new UnusableUsersFileException("users file " + path.toAbsolutePath()
                    + " has no valid user line (expected user:{SCHEME}secret, for example a line made by"
                    + " 'push3 passwd USER'); " + file.problems().size() + " line(s) skipped"
                    + file.problems().stream().map(p -> "; " + p).reduce("", String::concat), null);
        }
        LOG.info("Users file {}: {} user(s) loaded, {} line(s) skipped", path, file.users().size(),
                file.problems().size());
        return LoadedUsers.of(file);
    }

    private UsersFile readFile() throws UnusableUsersFileException {
        try {
            return UsersFileReader.read(path, defaultScheme);
        } catch (NoSuchFileException e) {
            throw new UnusableUsersFileException("users file " + path.toAbsolutePath() + " does not exist;"
                    + " create it (see 'push3 passwd') or set " + FileAuthSettings.PATH, e);
        } catch (IOException e) {
            throw new UnusableUsersFileException("users file " + path.toAbsolutePath() + " cannot be read: "
                    + e, e);
        }
    }
}
