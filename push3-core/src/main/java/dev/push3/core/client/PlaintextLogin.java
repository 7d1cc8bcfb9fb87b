package dev.push3.core.client;

import java.net.InetAddress;

/**
 * Whether a client may send {@code LOGIN} with its password in clear text, decided before
 * a byte of it is written: a server that refuses clear-text LOGIN (docs/PROTOCOL.md,
 * decision 22) refuses it only after the password crossed the network. Like a mail client
 * set to "STARTTLS required", the client sends it in clear text only where nobody can
 * listen in, to a loopback address (127.0.0.0/8, ::1), or when the user explicitly
 * accepted the risk.
 */
public final class PlaintextLogin {
    private PlaintextLogin() {
    }

    /**
     * Decides. A pure function, so that the decision for an address a test cannot reach
     * (the network rule keeps tests on loopback) is tested directly.
     *
     * @param remote the address connected to; not null
     * @param tls whether the connection is protected by TLS now
     * @param accepted whether the user explicitly allowed clear text ({@link ClientTls#plaintextLogin()})
     * @return true when LOGIN may be sent
     */
    public static boolean allowed(InetAddress remote, boolean tls, boolean accepted) {
        return tls || accepted || remote.isLoopbackAddress();
    }

    /**
     * The client refused to send a password in clear text to a non-loopback address. Nothing
     * was sent; the message names the address and the ways out, never the password.
     */
    public static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(InetAddress remote, boolean stlsOffered) {
            super("not sending the password in clear text to " + remote.getHostAddress()
                    + ", which is not a loopback address: use STLS (--starttls) or implicit TLS (--tls)"
                    + (stlsOffered ? "; the server offers STLS" : "")
                    + ", or accept clear text explicitly (--allow-plaintext-login)", null, false, false);
        }
    }
}
