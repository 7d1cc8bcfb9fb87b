/**
 * The password schemes of Dovecot passwd-files: how each stored secret is decoded,
 * checked in constant time, and made. Internal to the module.
 */
package dev.push3.auth.file.scheme;
