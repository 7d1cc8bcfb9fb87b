/**
 * Making users-file lines for {@code push3 passwd}: {@link dev.push3.passwords.PasswordHasher}.
 * For the application module; not a plugin API.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
package dev.push3.passwords;

import org.apiguardian.api.API;
