/**
 * The file authenticator: checks {@code LOGIN} against a Dovecot-style passwd-file
 * ({@code user:{SCHEME}secret}), selected with {@code auth.backend=file}.
 *
 * <p>Exports nothing. The password schemes are in {@code dev.push3.passwords}, which
 * {@code push3 passwd} uses as well.
 *
 * @provides dev.push3.api.auth.AuthenticatorProvider the authenticator named {@code file}
 */
module dev.push3.auth.file {
    requires dev.push3.api;
    requires dev.push3.passwords;
    requires org.slf4j;

    provides dev.push3.api.auth.AuthenticatorProvider with dev.push3.auth.file.FileAuthenticatorProvider;
}
