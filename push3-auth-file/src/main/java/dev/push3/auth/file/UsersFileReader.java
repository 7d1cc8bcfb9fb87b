package dev.push3.auth.file;

import dev.push3.passwords.scheme.MalformedHashException;
import dev.push3.passwords.scheme.SchemePrefix;
import dev.push3.passwords.scheme.StoredPassword;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads a Dovecot passwd-file: one {@code user:{SCHEME}secret} per line, further
 * {@code :}-separated fields ignored, {@code #} comments and blank lines skipped. A line
 * without a {@code {SCHEME}} prefix uses the default scheme; a prefix may carry an encoding
 * suffix ({@code {SHA512-CRYPT.B64}}). A line that cannot be used is counted and skipped
 * (the first {@link UsersFile#REPORTED_PROBLEMS} are kept as {@link LineProblem}s); the first
 * line for a user name wins. A hash of a weak kind is such a line unless weak schemes are
 * allowed.
 */
final class UsersFileReader {
    private static final Comparator<StoredPassword> BY_COST = Comparator.comparing(StoredPassword::cost);

    private final SchemePrefix defaultScheme;
    private final boolean allowWeakSchemes;
    private final UsersTable.Builder users = new UsersTable.Builder();
    private final List<LineProblem> problems = new ArrayList<>();
    private final SortedMap<String, Integer> weakUsers = new TreeMap<>();
    private long skipped;
    private UserEntry dearest;
    private StoredPassword dearestPassword;

    private UsersFileReader(SchemePrefix defaultScheme, boolean allowWeakSchemes) {
        this.defaultScheme = defaultScheme;
        this.allowWeakSchemes = allowWeakSchemes;
    }

    /**
     * Reads the file.
     *
     * @param path the file; not null
     * @param defaultScheme the scheme of lines without a prefix; not null
     * @param allowWeakSchemes whether hashes of weak kinds may log in
     * @return what was read; never null
     * @throws IOException when the file cannot be read
     */
    static UsersFile read(Path path, SchemePrefix defaultScheme, boolean allowWeakSchemes) throws IOException {
        UsersFileReader reader = new UsersFileReader(defaultScheme, allowWeakSchemes);
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                reader.accept(++number, line);
            }
        }
        return new UsersFile(reader.users.build(), Optional.ofNullable(reader.dearest), reader.problems,
                reader.skipped, reader.weakUsers);
    }

    private void skip(int number, String problem) {
        if (problems.size() < UsersFile.REPORTED_PROBLEMS) {
            problems.add(new LineProblem(number, problem));
        }
        skipped++;
    }

    private void accept(int number, String text) {
        // Only blank and comment lines are recognised after stripping: a PLAIN password may end in a space.
        if (text.isBlank() || text.stripLeading().startsWith("#")) {
            return;
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            skip(number, "no ':' after the user name (expected user:{SCHEME}secret)");
            return;
        }
        String user = text.substring(0, colon);
        if (user.isEmpty() || user.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            skip(number, "the user name is empty or contains white space");
            return;
        }
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        if (name.length > UsersTable.MAX_FIELD_BYTES) {
            skip(number, "the user name is longer than " + UsersTable.MAX_FIELD_BYTES + " bytes");
            return;
        }
        if (users.contains(name)) {
            skip(number, "user '" + user + "' appears again; the first line for it is used");
            return;
        }
        if (!accept(number, user, name, passwordField(text.substring(colon + 1)))) {
            users.claim(name, number);
        }
    }

    /** Returns whether the user was added; a problem was recorded when not. */
    private boolean accept(int number, String user, byte[] name, String field) {
        if (field.isEmpty()) {
            skip(number, "user '" + user + "' has an empty password field and cannot log in");
            return false;
        }
        SchemePrefix prefix = defaultScheme;
        String secret = field;
        if (field.startsWith("{")) {
            int close = field.indexOf('}');
            if (close < 0) {
                skip(number, "'{' without '}' in the scheme prefix; user '" + user + "' cannot log in");
                return false;
            }
            String scheme = field.substring(1, close);
            secret = field.substring(close + 1);
            Optional<SchemePrefix> known = SchemePrefix.named(scheme);
            if (known.isEmpty()) {
                skip(number, "unknown password scheme {" + scheme + "}; user '" + user + "' cannot log in (known: "
                        + String.join(", ", dev.push3.passwords.scheme.Scheme.names())
                        + ", each optionally with .B64, .BASE64 or .HEX)");
                return false;
            }
            prefix = known.get();
        }
        return accept(number, user, name, prefix, secret);
    }

    private boolean accept(int number, String user, byte[] name, SchemePrefix prefix, String written) {
        if (written.isEmpty()) {
            // An empty secret is a mistake, never a password. Dovecot 2.3.19 loads it silently
            // and accepts an empty password for the user (doveadm auth test alice "" succeeds);
            // a serious server refuses the line and says so.
            skip(number, "user '" + user + "' has an empty {" + prefix + "} password and cannot log in");
            return false;
        }
        String secret;
        StoredPassword password;
        try {
            secret = prefix.normalize(written);
            password = prefix.scheme().parse(secret);
        } catch (MalformedHashException e) {
            skip(number, "malformed {" + prefix + "} password: " + e.getMessage() + "; user '" + user
                    + "' cannot log in");
            return false;
        }
        if (password.weak() && !allowWeakSchemes) {
            skip(number, "user '" + user + "' has a hash of a weak kind ({" + prefix.scheme().dovecotName()
                    + "}) and cannot log in; rehash the password (push3 passwd), or set "
                    + FileAuthSettings.ALLOW_WEAK_SCHEMES + "=true as Dovecot 2.4's auth_allow_weak_schemes");
            return false;
        }
        byte[] stored = secret.getBytes(StandardCharsets.UTF_8);
        if (stored.length > UsersTable.MAX_FIELD_BYTES) {
            skip(number, "the password field of user '" + user + "' is longer than " + UsersTable.MAX_FIELD_BYTES
                    + " bytes");
            return false;
        }
        users.add(name, number, prefix.scheme(), stored);
        if (password.weak()) {
            weakUsers.merge(prefix.scheme().dovecotName(), 1, Integer::sum);
        }
        if (dearest == null || BY_COST.compare(password, dearestPassword) > 0) {
            dearest = new UserEntry(user, number, prefix.scheme(), secret);
            dearestPassword = password;
        }
        return true;
    }

    private static String passwordField(String rest) {
        int colon = rest.indexOf(':');
        return colon < 0 ? rest : rest.substring(0, colon);
    }
}
