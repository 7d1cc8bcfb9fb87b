/**
 * TLS on the Push3 port (RFC 2595's STLS and implicit TLS, after RFC 8314): the server's
 * certificate and key read from PEM files and reloaded when they change, and the TLS
 * parameters every server socket gets. Exported for {@link dev.push3.core.tls.TlsSettings}, which
 * {@link dev.push3.core.settings.ServerSettings} carries; the rest serves the server and the client.
 */
package dev.push3.core.tls;
