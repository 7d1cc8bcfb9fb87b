package dev.push3.auth.file;

import dev.push3.auth.file.scheme.MalformedHashException;
import dev.push3.auth.file.scheme.Scheme;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Dovecot passwd-file: one {@code user:{SCHEME}secret} per line, further
 * {@code :}-separated fields ignored, {@code #} comments and blank lines skipped. A line
 * without a {@code {SCHEME}} prefix uses the default scheme. A line that cannot be used is
 * recorded as a {@link LineProblem} and skipped; the first line for a user name wins.
 */
final class UsersFileReader {
    private final Scheme defaultScheme;
    private final Map<String, UserEntry> users = new HashMap<>();
    private final Set<String> claimed = new HashSet<>();
    private final List<LineProblem> problems = new ArrayList<>();

    private UsersFileReader(Scheme defaultScheme) {
        this.defaultScheme = defaultScheme;
    }

    /**
     * Reads the file.
     *
     * @param path the file; not null
     * @param defaultScheme the scheme of lines without a prefix; not null
     * @return what was read; never null
     * @throws IOException when the file cannot be read
     */
    static UsersFile read(Path path, Scheme defaultScheme) throws IOException {
        UsersFileReader reader = new UsersFileReader(defaultScheme);
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                reader.accept(++number, line);
            }
        }
        return new UsersFile(reader.users, reader.problems);
    }

    private void accept(int number, String text) {
        // Only blank and comment lines are recognised after stripping: a PLAIN password may end in a space.
        if (text.isBlank() || text.stripLeading().startsWith("#")) {
            return;
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            problems.add(new LineProblem(number, "no ':' after the user name (expected user:{SCHEME}secret)"));
            return;
        }
        String user = text.substring(0, colon);
        if (user.isEmpty() || user.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            problems.add(new LineProblem(number, "the user name is empty or contains white space"));
            return;
        }
        if (!claimed.add(user)) {
            problems.add(new LineProblem(number, "user '" + user + "' appears again; the first line for it is used"));
            return;
        }
        accept(number, user, passwordField(text.substring(colon + 1)));
    }

    private void accept(int number, String user, String field) {
        if (field.isEmpty()) {
            problems.add(new LineProblem(number, "user '" + user + "' has an empty password field and cannot log in"));
            return;
        }
        Scheme scheme = defaultScheme;
        String secret = field;
        if (field.startsWith("{")) {
            int close = field.indexOf('}');
            if (close < 0) {
                problems.add(new LineProblem(number, "'{' without '}' in the scheme prefix; user '" + user
                        + "' cannot log in"));
                return;
            }
            String name = field.substring(1, close);
            secret = field.substring(close + 1);
            var known = Scheme.named(name);
            if (known.isEmpty()) {
                problems.add(new LineProblem(number, "unknown password scheme {" + name + "}; user '" + user
                        + "' cannot log in (known: " + String.join(", ", Scheme.names()) + ")"));
                return;
            }
            scheme = known.get();
        }
        try {
            users.put(user, new UserEntry(user, number, scheme, scheme.parse(secret)));
        } catch (MalformedHashException e) {
            problems.add(new LineProblem(number, "malformed {" + scheme.dovecotName() + "} password: "
                    + e.getMessage() + "; user '" + user + "' cannot log in"));
        }
    }

    private static String passwordField(String rest) {
        int colon = rest.indexOf(':');
        return colon < 0 ? rest : rest.substring(0, colon);
    }
}
