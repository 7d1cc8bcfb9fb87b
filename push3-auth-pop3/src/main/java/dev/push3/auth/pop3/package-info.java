/**
 * The POP3 authenticator. Not exported: the server reaches it only through
 * {@link dev.push3.auth.pop3.Pop3AuthenticatorProvider}, found by {@link java.util.ServiceLoader}.
 */
package dev.push3.auth.pop3;
