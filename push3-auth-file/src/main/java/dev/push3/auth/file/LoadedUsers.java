package dev.push3.auth.file;

import dev.push3.auth.file.scheme.Scheme;
import dev.push3.auth.file.scheme.StoredPassword;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A users file in force, with the decoy password an unknown user is checked against.
 *
 * <p>The decoy is the stored password of a real entry of the file's most common scheme
 * (the earliest such line), so an unknown user costs what a wrong password for a typical
 * user costs, with the same scheme and the same cost parameters. Its result is thrown
 * away.
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
        var byScheme = file.users().values().stream()
                .collect(Collectors.groupingBy(UserEntry::scheme, Collectors.counting()));
        Scheme commonest = byScheme.entrySet().stream()
                .max(Map.Entry.<Scheme, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey)
                .orElseThrow(() -> new IllegalArgumentException("no users"));
        UserEntry representative = file.users().values().stream()
                .filter(entry -> entry.scheme() == commonest)
                .min(Comparator.comparingInt(UserEntry::line))
                .orElseThrow();
        return new LoadedUsers(file, representative.password());
    }

    /**
     * Returns how many users can log in.
     *
     * @return the count
     */
    int size() {
        return file.users().size();
    }
}
