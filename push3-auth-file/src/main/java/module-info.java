/**
 * The file authenticator: checks {@code LOGIN} against a Dovecot-style passwd-file
 * ({@code user:{SCHEME}secret}), selected with {@code auth.backend=file}.
 *
 * <p>Exports nothing to plugin users.
 *
 * @provides dev.push3.api.auth.AuthenticatorProvider the authenticator named {@code file}
 */
module dev.push3.auth.file {
    requires dev.push3.api;
    requires org.slf4j;

    provides dev.push3.api.auth.AuthenticatorProvider with dev.push3.auth.file.FileAuthenticatorProvider;
}
