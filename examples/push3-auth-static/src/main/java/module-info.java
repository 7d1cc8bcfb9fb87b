/**
 * An example plugin: the authenticator {@code static}, whose users are listed in the
 * configuration ({@code auth.static.users=alice:secret,bob:other}). It shows the whole shape
 * of a Push3 plugin; docs/PLUGINS.md walks through it. Passwords in a configuration file
 * are fine for a demonstration, not for production.
 *
 * <p>Exports nothing: the server finds the provider through {@code provides}.
 *
 * @provides dev.push3.api.auth.AuthenticatorProvider the authenticator named {@code static}
 */
module dev.push3.example.auth.staticusers {
    requires dev.push3.api;

    provides dev.push3.api.auth.AuthenticatorProvider
            with dev.push3.example.auth.staticusers.StaticAuthenticatorProvider;
}
