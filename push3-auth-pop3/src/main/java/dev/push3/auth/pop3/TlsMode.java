package dev.push3.auth.pop3;

/** How the connection to the POP3 server is protected ({@code auth.pop3.tls}). */
enum TlsMode {
    /** Plain TCP; the password is then only protected on loopback or by {@code APOP}. */
    NONE(110),
    /** Plain TCP upgraded with {@code STLS} (RFC 2595) before any credentials are sent. */
    STARTTLS(110),
    /** TLS from the first byte, usually on port 995. */
    IMPLICIT(995);

    private final int defaultPort;

    TlsMode(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /**
     * Returns the port used when {@code auth.pop3.port} is not set.
     *
     * @return 110 or 995
     */
    int defaultPort() {
        return defaultPort;
    }
}
