package dev.push3.auth.file;

import dev.push3.api.ConfigException;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks {@code LOGIN} against the users file.
 *
 * <p>An unknown user, or one whose line cannot be used, is checked against the decoy of
 * {@link LoadedUsers} and rejected, so that it costs what a wrong password costs.
 */
final class FileAuthenticator implements Authenticator {
    private final UsersFileLoader loader;
    private volatile LoadedUsers current;

    private FileAuthenticator(UsersFileLoader loader, LoadedUsers first) {
        this.loader = loader;
        this.current = first;
    }

    /**
     * Reads the users file and returns an authenticator for it.
     *
     * @param settings the settings; not null
     * @return the authenticator; never null
     * @throws ConfigException naming {@code auth.file.path} when the file cannot be used
     */
    static FileAuthenticator open(FileAuthSettings settings) {
        UsersFileLoader loader = new UsersFileLoader(settings.path(), settings.defaultScheme());
        try {
            return new FileAuthenticator(loader, loader.load());
        } catch (UnusableUsersFileException e) {
            throw new ConfigException(FileAuthSettings.PATH, e.getMessage(), e);
        }
    }

    @Override
    public AuthOutcome authenticate(Credentials credentials) {
        LoadedUsers users = current;
        byte[] password = credentials.password().getBytes(StandardCharsets.UTF_8);
        try {
            Optional<UserEntry> entry = users.file().find(credentials.user());
            if (entry.isPresent()) {
                return entry.get().password().matches(password)
                        ? AuthOutcome.accepted(credentials.user())
                        : AuthOutcome.rejected();
            }
            users.decoy().matches(password);
            return AuthOutcome.rejected();
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    /**
     * Returns how many users can log in now.
     *
     * @return the count
     */
    int users() {
        return current.size();
    }
}
