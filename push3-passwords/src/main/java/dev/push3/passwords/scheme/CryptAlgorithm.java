package dev.push3.passwords.scheme;

import java.security.SecureRandom;

/**
 * {@code CRYPT}: a crypt(3) hash recognised by its {@code $id$} head, as Dovecot's
 * {@code CRYPT} scheme does through the system's crypt(3), and Dovecot's default for
 * passwd-file lines without a prefix. Reads {@code $6$}, {@code $5$}, {@code $2y$}/
 * {@code $2b$}/{@code $2a$}, and the weak {@code $1$} (MD5-crypt, refused unless weak schemes
 * are allowed); DES crypt is not read. New hashes are SHA512-CRYPT.
 */
record CryptAlgorithm(ShaCryptAlgorithm sha512, ShaCryptAlgorithm sha256, BlowfishCryptAlgorithm blowfish,
        Md5CryptAlgorithm md5) implements SchemeAlgorithm {

    @Override
    public StoredPassword parse(String secret) throws MalformedHashException {
        if (secret.startsWith("$6$")) {
            return sha512.parse(secret);
        }
        if (secret.startsWith("$5$")) {
            return sha256.parse(secret);
        }
        if (secret.startsWith("$2")) {
            return blowfish.parse(secret);
        }
        if (secret.startsWith("$1$")) {
            return md5.parse(secret);
        }
        throw new MalformedHashException("only $6$ (SHA-512), $5$ (SHA-256), $2y$/$2b$/$2a$ (bcrypt) and"
                + " $1$ (MD5) crypt hashes are supported; DES crypt is not");
    }

    @Override
    public String generate(byte[] password, SecureRandom random) {
        return sha512.generate(password, random);
    }
}
