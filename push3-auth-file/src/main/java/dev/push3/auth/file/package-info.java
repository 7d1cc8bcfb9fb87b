/**
 * The authenticator {@code file}: a Dovecot-compatible passwd-file reader. Internal to the
 * module; the server reaches it through {@link dev.push3.api.auth.AuthenticatorProvider}.
 */
package dev.push3.auth.file;
