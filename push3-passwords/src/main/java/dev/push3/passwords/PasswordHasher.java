package dev.push3.passwords;

import dev.push3.passwords.scheme.Scheme;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Makes users-file lines, for {@code push3 passwd [--scheme S] USER}.
 *
 * <p>The hashes are in the form {@code doveadm pw} writes, so a line works in Push3 and in
 * Dovecot alike.
 *
 * <p><b>Why ARGON2ID is the default for new hashes.</b> Argon2id won the Password Hashing
 * Competition, is RFC 9106's and OWASP's first choice, and is memory-hard: each guess costs
 * an attacker 64 MiB as well as time, which GPUs and ASICs cannot cheapen the way they
 * cheapen bcrypt's 4 KiB. It has no 72-byte password limit, and Dovecot 2.3 reads it
 * ({@code doveadm pw -s ARGON2ID} makes the same form with the same parameters). The price
 * is 64 MiB per check on the server, which the authenticator bounds with
 * {@code auth.file.max-parallel-hashes}. Choose {@code BLF-CRYPT} for a Dovecot built
 * without libsodium or for a server with very little memory.
 */
public final class PasswordHasher {
    /** The scheme of new hashes when none is chosen. */
    public static final String DEFAULT_SCHEME = "ARGON2ID";

    private PasswordHasher() {
    }

    /**
     * Lists the schemes a hash can be made in: every scheme Push3 reads but the weak ones,
     * which it reads only for old installations.
     *
     * @return Dovecot's names, for example {@code SHA512-CRYPT}; never null
     */
    public static List<String> schemes() {
        return Arrays.stream(Scheme.values()).filter(scheme -> !scheme.weak()).map(Scheme::dovecotName).toList();
    }

    /**
     * Hashes a password with a fresh random salt.
     *
     * @param scheme a name from {@link #schemes()}, in any case; not null
     * @param password the password; not null, not empty; not modified
     * @return the hash with its prefix, for example {@code {ARGON2ID}$argon2id$v=19$...}; never null
     * @throws IllegalArgumentException when the scheme is unknown or the password cannot be
     *     written in that scheme; the message never contains the password
     */
    public static String hash(String scheme, char[] password) {
        Objects.requireNonNull(password, "password");
        Scheme chosen = Scheme.named(Objects.requireNonNull(scheme, "scheme"))
                .orElseThrow(() -> new IllegalArgumentException("unknown password scheme '" + scheme
                        + "'; use one of " + String.join(", ", schemes()) + " (default " + DEFAULT_SCHEME + ")"));
        if (chosen.weak()) {
            throw new IllegalArgumentException("password scheme " + chosen.dovecotName() + " is weak: Push3 reads it"
                    + " from old users files but does not write it; use one of " + String.join(", ", schemes())
                    + " (default " + DEFAULT_SCHEME + ")");
        }
        if (password.length == 0) {
            throw new IllegalArgumentException("the password is empty");
        }
        if (chosen == Scheme.PLAIN && containsAny(password, ":\r\n")) {
            throw new IllegalArgumentException("a PLAIN password cannot contain ':' or a line break;"
                    + " choose a hashing scheme such as " + DEFAULT_SCHEME);
        }
        return "{" + chosen.dovecotName() + "}" + chosen.generate(password);
    }

    /**
     * Makes a users-file line, {@code user:{SCHEME}hash}.
     *
     * @param user the user name: not empty, no {@code :}, white space or control characters; not null
     * @param scheme a name from {@link #schemes()}; not null
     * @param password the password; not null, not empty; not modified
     * @return the line, without a line end; never null
     * @throws IllegalArgumentException when the user name, scheme or password cannot be used
     */
    public static String line(String user, String scheme, char[] password) {
        Objects.requireNonNull(user, "user");
        if (user.isEmpty() || user.chars().anyMatch(c -> c == ':' || Character.isWhitespace(c)
                || Character.isISOControl(c))) {
            throw new IllegalArgumentException("user name '" + user.replaceAll("\\p{Cntrl}", "?")
                    + "' cannot be used: it must not be empty or contain ':', white space or control characters");
        }
        return user + ":" + hash(scheme, password);
    }

    private static boolean containsAny(char[] text, String characters) {
        for (char c : text) {
            if (characters.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }
}
