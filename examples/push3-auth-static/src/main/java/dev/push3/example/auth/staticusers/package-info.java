/**
 * The example authenticator {@code static}: users and passwords listed in
 * {@code auth.static.users}. Not exported; the server reaches it through
 * {@link dev.push3.example.auth.staticusers.StaticAuthenticatorProvider}.
 */
package dev.push3.example.auth.staticusers;
