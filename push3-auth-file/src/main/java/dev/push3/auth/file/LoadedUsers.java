package dev.push3.auth.file;

import dev.push3.passwords.scheme.StoredPassword;
import java.util.Objects;

/**
 * A users file in force, with the decoy password an unknown user is checked against.
 *
 * <p>The decoy is the stored password of the file's most expensive entry (by
 * {@link dev.push3.passwords.scheme.Cost}: the scheme's family, then its cost parameters;
 * the earliest such line), so an unknown user costs at least what a wrong password for any
 * known user costs. A cheaper decoy would answer an unknown name faster than a name with
 * an expensive hash, and so reveal which names those are. Its result is thrown away.
 *
 * @param file the users; not null
 * @param decoy the password to check for unknown users; not null
 */
record LoadedUsers(UsersFile file, StoredPassword decoy) {
    LoadedUsers {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(decoy, "decoy");
    }

    /**
     * Wraps a file that has at least one user.
     *
     * @param file the users; not empty
     * @return the loaded users; never null
     */
    static LoadedUsers of(UsersFile file) {
        UserEntry dearest = file.dearest().orElseThrow(() -> new IllegalArgumentException("no users"));
        return new LoadedUsers(file, dearest.password());
    }

    /**
     * Returns how many users can log in.
     *
     * @return the count
     */
    int size() {
        return file.size();
    }
}
