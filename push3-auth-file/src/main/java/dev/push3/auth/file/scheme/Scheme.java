package dev.push3.auth.file.scheme;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The password schemes Push3 reads, named as Dovecot names them in the {@code {SCHEME}}
 * prefix of a passwd-file line. Names are matched without regard to case, as Dovecot does.
 */
public enum Scheme {
    /** The password in clear text; Dovecot also calls it {@code CLEAR} and {@code CLEARTEXT}. */
    PLAIN("PLAIN", new PlainAlgorithm(), "CLEAR", "CLEARTEXT"),
    /** glibc SHA-512 crypt, {@code $6$}. */
    SHA512_CRYPT("SHA512-CRYPT", new ShaCryptAlgorithm('6')),
    /** glibc SHA-256 crypt, {@code $5$}. */
    SHA256_CRYPT("SHA256-CRYPT", new ShaCryptAlgorithm('5')),
    /** bcrypt, {@code $2y$}, {@code $2b$} or {@code $2a$}. */
    BLF_CRYPT("BLF-CRYPT", new BlowfishCryptAlgorithm()),
    /** Argon2id in PHC form, {@code $argon2id$}. */
    ARGON2ID("ARGON2ID", new Argon2Algorithm(Argon2Parameters.ARGON2_id, 65536, 3)),
    /** Argon2i in PHC form, {@code $argon2i$}. */
    ARGON2I("ARGON2I", new Argon2Algorithm(Argon2Parameters.ARGON2_i, 32768, 4)),
    /** Salted SHA-256, base64 of digest and salt. */
    SSHA256("SSHA256", new SaltedShaAlgorithm("SHA-256", 32)),
    /** Salted SHA-512, base64 of digest and salt. */
    SSHA512("SSHA512", new SaltedShaAlgorithm("SHA-512", 64)),
    /** PBKDF2-HMAC-SHA1 in Dovecot's {@code $1$salt$rounds$hex} form. */
    PBKDF2("PBKDF2", new Pbkdf2Algorithm()),
    /** Any crypt(3) hash Push3 reads, told apart by its {@code $id$} head. */
    CRYPT("CRYPT", new CryptAlgorithm(new ShaCryptAlgorithm('6'), new ShaCryptAlgorithm('5'),
            new BlowfishCryptAlgorithm()));

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
