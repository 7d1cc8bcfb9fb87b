package dev.push3.auth.file;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The content of one reading of the users file.
 *
 * @param users the users that can log in, by name; unmodifiable
 * @param problems the lines that were skipped, in file order; unmodifiable
 */
record UsersFile(Map<String, UserEntry> users, List<LineProblem> problems) {
    UsersFile {
        users = Map.copyOf(users);
        problems = List.copyOf(problems);
    }

    /**
     * Finds a user.
     *
     * @param user the name, compared exactly
     * @return the entry, or empty when the user is unknown or cannot log in
     */
    Optional<UserEntry> find(String user) {
        return Optional.ofNullable(users.get(user));
    }
}
