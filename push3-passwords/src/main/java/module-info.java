/**
 * Dovecot's password schemes ({@code {SHA512-CRYPT}}, {@code {ARGON2ID}}, ...): how a stored
 * secret is read and checked in constant time, and how a new one is made.
 *
 * <p>Two modules require it: the file authenticator ({@code dev.push3.auth.file}), which
 * checks {@code LOGIN} against a users file, and the application ({@code dev.push3.app}),
 * whose {@code push3 passwd} writes users-file lines. It is a library of Push3's own, not a
 * plugin API: its packages are exported so that neither module depends on the other, and are
 * marked {@code @API(status = INTERNAL)}. It lives in {@code lib/}, the boot layer, so that the
 * file authenticator in the plugin layer reads it from there.
 */
module dev.push3.passwords {
    requires static org.apiguardian.api;
    requires org.apache.commons.codec;
    requires org.bouncycastle.provider;

    exports dev.push3.passwords;
    exports dev.push3.passwords.scheme;
}
