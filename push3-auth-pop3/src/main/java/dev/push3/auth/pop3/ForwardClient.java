package dev.push3.auth.pop3;

/**
 * Whether the POP3 server is told who the Push3 client is ({@code auth.pop3.forward-client}).
 *
 * <p>Without it, every check reaches the server from Push3's one address, so a server that
 * penalizes an address after failed logins (Dovecot's auth penalty) slows every user after
 * one user's typos, and its log names Push3 instead of the client.
 */
enum ForwardClient {
    /**
     * Send {@code XCLIENT ADDR=<ip> PORT=<port>} (Dovecot's login proxy command) before the
     * credentials when the greeting or {@code CAPA} offers {@code XCLIENT}, which Dovecot does
     * for connections from its {@code login_trusted_networks}.
     */
    AUTO,
    /** Never send {@code XCLIENT}. */
    NONE
}
