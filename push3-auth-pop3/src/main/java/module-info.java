/**
 * The {@code pop3} authenticator: a Push3 {@code LOGIN} is accepted when the same user name
 * and password log in to a POP3 server.
 *
 * <p>The client speaks RFC 1939 ({@code USER}/{@code PASS}, {@code APOP}), RFC 2449
 * ({@code CAPA}), RFC 2595 ({@code STLS}), RFC 5034 ({@code AUTH PLAIN}) and Dovecot's
 * {@code XCLIENT} over {@code java.net} and {@code javax.net.ssl}; its settings are the
 * {@code auth.pop3.*} keys. Why it has a POP3 client of its own is written in the package's
 * documentation.
 * This module exports nothing.
 *
 * @provides dev.push3.api.auth.AuthenticatorProvider the {@code pop3} backend
 */
module dev.push3.auth.pop3 {
    requires dev.push3.api;
    requires org.slf4j;

    provides dev.push3.api.auth.AuthenticatorProvider with dev.push3.auth.pop3.Pop3AuthenticatorProvider;
}
