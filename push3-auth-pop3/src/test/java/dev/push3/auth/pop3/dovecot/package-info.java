/**
 * Test fixtures around the real Dovecot in a container, shared through this module's test
 * jar: {@link dev.push3.auth.pop3.dovecot.DovecotServer} and the certificate it serves.
 */
package dev.push3.auth.pop3.dovecot;
