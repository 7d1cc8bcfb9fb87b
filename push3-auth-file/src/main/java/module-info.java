/**
 * The file authenticator: checks {@code LOGIN} against a Dovecot-style passwd-file
 * ({@code user:{SCHEME}secret}), selected with {@code auth.backend=file}.
 *
 * <p>Exports nothing to plugin users. The package {@code dev.push3.auth.file.passwd}, which
 * makes users-file lines for {@code push3 passwd}, is exported to the app module only.
 *
 * @provides dev.push3.api.auth.AuthenticatorProvider the authenticator named {@code file}
 */
// The app that the passwd package is exported to is built after this module, so javac cannot see it here.
@SuppressWarnings("module")
module dev.push3.auth.file {
    requires dev.push3.api;
    requires org.slf4j;
    requires org.apache.commons.codec;
    requires org.bouncycastle.provider;

    exports dev.push3.auth.file.passwd to dev.push3.app;

    provides dev.push3.api.auth.AuthenticatorProvider with dev.push3.auth.file.FileAuthenticatorProvider;
}
