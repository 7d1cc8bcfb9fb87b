package dev.push3.passwords.scheme;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The password schemes Push3 reads, named as Dovecot names them in the {@code {SCHEME}}
 * prefix of a passwd-file line. Names are matched without regard to case, as Dovecot does.
 *
 * <p>The schemes Dovecot 2.4 calls weak ({@link #weak()}) are read only when the operator
 * allows them; {@code push3 passwd} never writes them.
 */
public enum Scheme {
    /** The password in clear text; Dovecot also calls it {@code CLEAR} and {@code CLEARTEXT}. */
    PLAIN("PLAIN", Encoding.NONE, false, new PlainAlgorithm(), "CLEAR", "CLEARTEXT"),
    /** glibc SHA-512 crypt, {@code $6$}. */
    SHA512_CRYPT("SHA512-CRYPT", Encoding.NONE, false, new ShaCryptAlgorithm('6')),
    /** glibc SHA-256 crypt, {@code $5$}. */
    SHA256_CRYPT("SHA256-CRYPT", Encoding.NONE, false, new ShaCryptAlgorithm('5')),
    /** bcrypt, {@code $2y$}, {@code $2b$} or {@code $2a$}. */
    BLF_CRYPT("BLF-CRYPT", Encoding.NONE, false, new BlowfishCryptAlgorithm()),
    /** Argon2id in PHC form, {@code $argon2id$}. */
    ARGON2ID("ARGON2ID", Encoding.NONE, false, new Argon2Algorithm(Argon2Parameters.ARGON2_id, 65536, 3)),
    /** Argon2i in PHC form, {@code $argon2i$}. */
    ARGON2I("ARGON2I", Encoding.NONE, false, new Argon2Algorithm(Argon2Parameters.ARGON2_i, 32768, 4)),
    /** Salted SHA-256, base64 of digest and salt. */
    SSHA256("SSHA256", Encoding.BASE64, false, new SaltedShaAlgorithm("SHA-256", 32, false)),
    /** Salted SHA-512, base64 of digest and salt. */
    SSHA512("SSHA512", Encoding.BASE64, false, new SaltedShaAlgorithm("SHA-512", 64, false)),
    /** PBKDF2-HMAC-SHA1 in Dovecot's {@code $1$salt$rounds$hex} form. */
    PBKDF2("PBKDF2", Encoding.NONE, false, new Pbkdf2Algorithm()),
    /** SCRAM-SHA-256 stored key, {@code iterations,salt,StoredKey,ServerKey}. */
    SCRAM_SHA_256("SCRAM-SHA-256", Encoding.NONE, false, new ScramAlgorithm(SHA256Digest::new, 32)),
    /** SCRAM-SHA-1 stored key, {@code iterations,salt,StoredKey,ServerKey}. */
    SCRAM_SHA_1("SCRAM-SHA-1", Encoding.NONE, false, new ScramAlgorithm(SHA1Digest::new, 20)),
    /** Any crypt(3) hash Push3 reads, told apart by its {@code $id$} head ({@code $1$} is weak). */
    CRYPT("CRYPT", Encoding.NONE, false, new CryptAlgorithm(new ShaCryptAlgorithm('6'), new ShaCryptAlgorithm('5'),
            new BlowfishCryptAlgorithm(), new Md5CryptAlgorithm())),
    /** Weak: MD5-crypt, {@code $1$}. */
    MD5_CRYPT("MD5-CRYPT", Encoding.NONE, true, new Md5CryptAlgorithm()),
    /** Weak: unsalted SHA-1, base64; Dovecot also calls it {@code SHA1}. */
    SHA("SHA", Encoding.BASE64, true, new DigestAlgorithm("SHA-1", 20, Encoding.BASE64), "SHA1"),
    /** Weak: unsalted SHA-256, base64. */
    SHA256("SHA256", Encoding.BASE64, true, new DigestAlgorithm("SHA-256", 32, Encoding.BASE64)),
    /** Weak: unsalted SHA-512, base64. */
    SHA512("SHA512", Encoding.BASE64, true, new DigestAlgorithm("SHA-512", 64, Encoding.BASE64)),
    /** Weak: salted SHA-1, base64 of digest and salt. */
    SSHA("SSHA", Encoding.BASE64, true, new SaltedShaAlgorithm("SHA-1", 20, true)),
    /** Weak: salted MD5, base64 of digest and salt. */
    SMD5("SMD5", Encoding.BASE64, true, new SaltedShaAlgorithm("MD5", 16, true)),
    /** Weak: unsalted MD5, hex. */
    PLAIN_MD5("PLAIN-MD5", Encoding.HEX, true, new DigestAlgorithm("MD5", 16, Encoding.HEX)),
    /** Weak: unsalted MD5, base64. */
    LDAP_MD5("LDAP-MD5", Encoding.BASE64, true, new DigestAlgorithm("MD5", 16, Encoding.BASE64)),
    /** Weak: the HMAC-MD5 context of CRAM-MD5, hex; Dovecot also calls it {@code HMAC-MD5}. */
    CRAM_MD5("CRAM-MD5", Encoding.HEX, true, new CramMd5Algorithm(), "HMAC-MD5");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String dovecotName;
    private final Encoding encoding;
    private final boolean weak;
    private final SchemeAlgorithm algorithm;
    private final List<String> aliases;

    Scheme(String dovecotName, Encoding encoding, boolean weak, SchemeAlgorithm algorithm, String... aliases) {
        this.dovecotName = dovecotName;
        this.encoding = encoding;
        this.weak = weak;
        this.algorithm = algorithm;
        this.aliases = List.of(aliases);
    }

    /**
     * Finds a scheme by its Dovecot name or alias, in any case, without an encoding suffix.
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
     * @return the names, in declaration order (strong ones first); never null
     */
    public static List<String> names() {
        return Arrays.stream(values()).map(Scheme::dovecotName).toList();
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
     * Returns the encoding a secret of this scheme has when its prefix has no suffix.
     *
     * @return the encoding; never null
     */
    public Encoding encoding() {
        return encoding;
    }

    /**
     * Tells whether Dovecot 2.4 calls this scheme weak (and refuses it unless
     * {@code auth_allow_weak_schemes}). {@link #CRYPT} is not, though its {@code $1$} hashes
     * are: see {@link StoredPassword#weak()}.
     *
     * @return true when weak
     */
    public boolean weak() {
        return weak;
    }

    /**
     * Decodes a secret as written after the prefix, in this scheme's own {@link #encoding()}.
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
     * @return the secret, in this scheme's own {@link #encoding()}; never null
     */
    public String generate(char[] password) {
        byte[] bytes = utf8(password);
        try {
            return algorithm.generate(bytes, RANDOM);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] utf8(char[] password) {
        java.nio.ByteBuffer buffer = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }
}
