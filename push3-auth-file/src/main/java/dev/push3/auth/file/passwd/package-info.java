/**
 * Making users-file lines for {@code push3 passwd}. Exported to {@code dev.push3.app} only.
 */
package dev.push3.auth.file.passwd;
