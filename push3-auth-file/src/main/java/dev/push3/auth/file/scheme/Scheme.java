package dev.push3.auth.file.scheme;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The password schemes Push3 reads, named as Dovecot names them in the {@code {SCHEME}}
 * prefix of a passwd-file line. Names are matched without regard to case, as Dovecot does.
 */
public enum Scheme {
    /** The password in clear text; Dovecot also calls it {@code CLEAR} and {@code CLEARTEXT}. */
    PLAIN("PLAIN", new PlainAlgorithm(), "CLEAR", "CLEARTEXT");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String dovecotName;
    private final SchemeAlgorithm algorithm;
    private final List<String> aliases;

    Scheme(String dovecotName, SchemeAlgorithm algorithm, String... aliases) {
        this.dovecotName = dovecotName;
        this.algorithm = algorithm;
        this.aliases = List.of(aliases);
    }

    /**
     * Finds a scheme by its Dovecot name or alias, in any case.
     *
     * @param name for example {@code SHA512-CRYPT} or {@code plain}; not null
     * @return the scheme, or empty when Push3 does not know it
     */
    public static Optional<Scheme> named(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        for (Scheme scheme : values()) {
            if (scheme.dovecotName.equals(upper) || scheme.aliases.contains(upper)) {
                return Optional.of(scheme);
            }
        }
        return Optional.empty();
    }

    /**
     * Lists the Dovecot names of every scheme, for messages that say what is available.
     *
     * @return the names, in declaration order; never null
     */
    public static List<String> names() {
        return java.util.Arrays.stream(values()).map(Scheme::dovecotName).toList();
    }

    /**
     * Returns the name Dovecot writes in the prefix.
     *
     * @return for example {@code SHA512-CRYPT}; never null
     */
    public String dovecotName() {
        return dovecotName;
    }

    /**
     * Decodes a secret as written after the prefix.
     *
     * @param secret the secret; not null
     * @return the decoded password; never null
     * @throws MalformedHashException when the secret does not have this scheme's form
     */
    public StoredPassword parse(String secret) throws MalformedHashException {
        return algorithm.parse(secret);
    }

    /**
     * Makes a new secret, without the prefix, with a fresh random salt.
     *
     * @param password the password; not null
     * @return the secret; never null
     */
    public String generate(char[] password) {
        byte[] bytes = utf8(password);
        try {
            return algorithm.generate(bytes, RANDOM);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] utf8(char[] password) {
        java.nio.ByteBuffer buffer = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        java.util.Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }
}
