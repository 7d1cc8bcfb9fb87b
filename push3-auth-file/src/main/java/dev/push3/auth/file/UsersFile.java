package dev.push3.auth.file;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The content of one reading of the users file.
 *
 * @param users the users that can log in; not null
 * @param dearest the entry whose check costs most (the earliest such line), the decoy for
 *     unknown names; empty when no user can log in
 * @param problems the first skipped lines, at most {@link #REPORTED_PROBLEMS}, in file order; unmodifiable
 * @param skipped how many lines were skipped in all, at least {@code problems.size()}
 * @param weakUsers how many users that can log in have a hash of a weak kind, by the scheme of
 *     their prefix (or the default scheme); unmodifiable, sorted by name
 */
record UsersFile(UsersTable users, Optional<UserEntry> dearest, List<LineProblem> problems, long skipped,
        SortedMap<String, Integer> weakUsers) {
    /** How many skipped lines are kept and logged one by one; the rest are only counted. */
    static final int REPORTED_PROBLEMS = 10;

    UsersFile {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(dearest, "dearest");
        problems = List.copyOf(problems);
        weakUsers = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(weakUsers));
        if (skipped < problems.size()) {
            throw new IllegalArgumentException("skipped < problems");
        }
    }

    /**
     * Finds a user.
     *
     * @param user the name, compared exactly
     * @return the entry, or empty when the user is unknown or cannot log in
     */
    Optional<UserEntry> find(String user) {
        return users.find(user);
    }

    /**
     * Returns how many users can log in.
     *
     * @return the count
     */
    int size() {
        return users.size();
    }

    /**
     * Returns how many users with weak hashes can log in.
     *
     * @return the sum of {@link #weakUsers()}
     */
    long weakCount() {
        return weakUsers.values().stream().mapToLong(Integer::longValue).sum();
    }
}
