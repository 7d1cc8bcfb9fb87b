package dev.push3.core.client;

import dev.push3.api.support.TrustMaterial;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * How a {@link Push3Client} protects its connection.
 *
 * <p>With TLS the server's certificate must chain to the CA file, or to the JDK's trusted
 * CAs when there is none, and name the host connected to (RFC 2595 section 2.4; checked as
 * HTTPS does, RFC 2818) unless host-name verification is turned off. Only TLS 1.3 and 1.2
 * are offered. The context is the client's own; nothing JVM-wide changes.
 *
 * @param mode clear text, STLS after connecting, or TLS from the first byte
 * @param caFile certificates to trust instead of the JDK's (a PEM file, or a PKCS12 or JKS
 *     trust store without a password, read by {@link TrustMaterial}); empty for the JDK's
 * @param verifyHostname whether the certificate must name the host; true unless turned off
 * @param plaintextLogin whether a LOGIN may go in clear text to an address that is not
 *     loopback ({@link PlaintextLogin}); false unless the user asked for it explicitly
 */
public record ClientTls(Mode mode, Optional<Path> caFile, boolean verifyHostname, boolean plaintextLogin) {
    /** When TLS starts. */
    public enum Mode {
        /** Never: the connection stays in clear text. */
        NONE,
        /** After connecting, with the STLS command (as POP3's STLS, RFC 2595). */
        STARTTLS,
        /** From the first byte, on the server's implicit-TLS port (as POP3S, RFC 8314). */
        IMPLICIT
    }

    /** Checks the components. */
    public ClientTls {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(caFile, "caFile");
    }

    /**
     * TLS as given; a LOGIN in clear text only to a loopback address.
     *
     * @param mode clear text, STLS after connecting, or TLS from the first byte
     * @param caFile PEM certificates to trust instead of the JDK's; empty for the JDK's
     * @param verifyHostname whether the certificate must name the host
     */
    public ClientTls(Mode mode, Optional<Path> caFile, boolean verifyHostname) {
        this(mode, caFile, verifyHostname, false);
    }

    /**
     * Clear text.
     *
     * @return no TLS
     */
    public static ClientTls none() {
        return new ClientTls(Mode.NONE, Optional.empty(), true, false);
    }

    /**
     * Layers TLS over a connected socket and completes the handshake.
     *
     * @param plain the connection
     * @param host the host name the user gave, checked against the certificate
     * @return the TLS socket
     * @throws IOException when the handshake fails, the certificate is not trusted or does
     *     not name the host, or the CA file cannot be read
     */
    SSLSocket handshake(Socket plain, String host) throws IOException {
        SSLContext context = context();
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, plain.getPort(), true);
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        if (verifyHostname) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        socket.setSSLParameters(parameters);
        socket.setUseClientMode(true);
        socket.startHandshake();
        return socket;
    }

    private SSLContext context() throws IOException {
        try {
            // No CA file: null makes the context use the runtime's trusted CAs.
            TrustManager[] trust = caFile.isPresent() ? TrustMaterial.read(caFile.get(), "--cafile").trustManagers() : null;
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        } catch (RuntimeException e) { // a ConfigException naming the CA file
            throw new IOException(e.getMessage(), e);
        }
    }
}
