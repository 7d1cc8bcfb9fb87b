package dev.push3.auth.file;

import dev.push3.passwords.scheme.MalformedHashException;
import dev.push3.passwords.scheme.Scheme;
import dev.push3.passwords.scheme.StoredPassword;

/**
 * One user of the users file whose password can be checked, as {@link UsersTable} keeps it.
 *
 * @param user the user name; not null
 * @param line the line it was read from, from 1
 * @param scheme the password scheme; not null
 * @param secret the stored secret in the scheme's own encoding, already checked when the file
 *     was read; not null; never shown by {@link #toString()}
 */
record UserEntry(String user, int line, Scheme scheme, String secret) {

    /**
     * Decodes the stored password.
     *
     * @return the password; never null
     * @throws IllegalStateException never in practice: the secret was parsed when the file was read
     */
    StoredPassword password() {
        try {
            return scheme.parse(secret);
        } catch (MalformedHashException e) {
            throw new IllegalStateException("line " + line + " parsed when read, not now: " + e.getMessage(), e);
        }
    }

    /** Shows the user, line and scheme, never the secret. */
    @Override
    public String toString() {
        return "UserEntry[user=" + user + ", line=" + line + ", scheme=" + scheme.dovecotName() + "]";
    }
}
