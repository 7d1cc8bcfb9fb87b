/**
 * The real Dovecot POP3 server in a container, for the modules' integration tests:
 * {@link dev.push3.testkit.dovecot.DovecotServer} runs it with a {@code dovecot.conf} made from
 * {@link dev.push3.testkit.dovecot.DovecotOptions}, and
 * {@link dev.push3.testkit.dovecot.TestCertificate} is the certificate it serves over TLS.
 */
package dev.push3.testkit.dovecot;
