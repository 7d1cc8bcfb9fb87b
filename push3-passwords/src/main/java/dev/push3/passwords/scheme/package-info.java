/**
 * The password schemes of Dovecot passwd-files: how each stored secret is decoded,
 * checked in constant time, and made. For the file authenticator and
 * {@link dev.push3.passwords.PasswordHasher}; not a plugin API.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
package dev.push3.passwords.scheme;

import org.apiguardian.api.API;
