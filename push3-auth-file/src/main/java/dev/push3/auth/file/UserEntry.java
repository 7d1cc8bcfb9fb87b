package dev.push3.auth.file;

import dev.push3.auth.file.scheme.Scheme;
import dev.push3.auth.file.scheme.StoredPassword;

/**
 * One user of the users file whose password can be checked.
 *
 * @param user the user name; not null
 * @param line the line it was read from, from 1
 * @param scheme the password scheme; not null
 * @param password the decoded stored password; not null
 */
record UserEntry(String user, int line, Scheme scheme, StoredPassword password) {
}
