package dev.push3.passwords.scheme;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@code {SCHEME}} prefix names: a scheme, and the encoding of the secret when the
 * name carries one of Dovecot's suffixes ({@code {SHA512-CRYPT.B64}}, {@code .BASE64},
 * {@code .HEX}), which any scheme may have.
 *
 * @param scheme the scheme; not null
 * @param suffix the encoding the suffix names; empty when there is none and the scheme's own
 *     {@link Scheme#encoding()} applies
 */
public record SchemePrefix(Scheme scheme, Optional<Encoding> suffix) {
    /** Checks the components. */
    public SchemePrefix {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(suffix, "suffix");
    }

    /**
     * Reads the text between the braces of a prefix, as Dovecot does: the part after the last
     * {@code .} is an encoding suffix when it names one, in any case.
     *
     * @param name for example {@code SHA512-CRYPT}, {@code sha512-crypt.b64}; not null
     * @return the prefix, or empty when the scheme or the suffix is unknown
     */
    public static Optional<SchemePrefix> named(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return Scheme.named(name).map(scheme -> new SchemePrefix(scheme, Optional.empty()));
        }
        Optional<Encoding> suffix = Encoding.ofSuffix(name.substring(dot + 1).strip());
        if (suffix.isEmpty()) {
            return Optional.empty();
        }
        return Scheme.named(name.substring(0, dot)).map(scheme -> new SchemePrefix(scheme, suffix));
    }

    /**
     * Rewrites a secret written in this prefix's encoding into the scheme's own, so that it
     * can be stored and parsed in one form.
     *
     * @param secret the secret as written after the prefix; not null
     * @return the secret in {@link Scheme#encoding()}; never null
     * @throws MalformedHashException when the secret is not in the suffix's encoding
     */
    public String normalize(String secret) throws MalformedHashException {
        if (suffix.isEmpty() || suffix.get() == scheme.encoding()) {
            return secret;
        }
        try {
            return scheme.encoding().encode(suffix.get().decode(secret));
        } catch (MalformedHashException e) {
            throw new MalformedHashException(e.getMessage() + ", as the ." + suffix.get().name() + " suffix requires");
        }
    }

    /**
     * Decodes a secret written after this prefix.
     *
     * @param secret the secret; not null
     * @return the decoded password; never null
     * @throws MalformedHashException when the secret does not have the scheme's form in this encoding
     */
    public StoredPassword parse(String secret) throws MalformedHashException {
        return scheme.parse(normalize(secret));
    }

    /** Returns the prefix as Dovecot writes it, without braces: {@code SHA512-CRYPT.BASE64}. */
    @Override
    public String toString() {
        return scheme.dovecotName() + suffix.map(encoding -> "." + encoding.name()).orElse("");
    }
}
