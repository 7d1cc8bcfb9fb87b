package dev.push3.passwords.scheme;

import java.security.SecureRandom;

/** How one password scheme reads a stored secret and makes a new one. */
sealed interface SchemeAlgorithm permits PlainAlgorithm, ShaCryptAlgorithm, BlowfishCryptAlgorithm, CryptAlgorithm,
        Argon2Algorithm, SaltedShaAlgorithm, Pbkdf2Algorithm, DigestAlgorithm, Md5CryptAlgorithm, CramMd5Algorithm,
        ScramAlgorithm {

    /**
     * Decodes a secret as written after the {@code {SCHEME}} prefix.
     *
     * @param secret the secret; not null
     * @return the decoded password; never null
     * @throws MalformedHashException when the secret does not have this scheme's form
     */
    StoredPassword parse(String secret) throws MalformedHashException;

    /**
     * Makes a new secret in this scheme, as Dovecot would write it after the prefix.
     *
     * @param password the password's UTF-8 bytes; not null
     * @param random the source of salt; not null
     * @return the secret; never null
     */
    String generate(byte[] password, SecureRandom random);
}
