package dev.push3.auth.pop3;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.api.support.TrustMaterial;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The TLS side of the POP3 client: which certificates are trusted
 * ({@code auth.pop3.truststore}) and whether the server's certificate must name the host
 * ({@code auth.pop3.verify-hostname}). Immutable and thread-safe.
 */
final class TlsClient {
    /** Key of the trust store: a PEM file of CA certificates or a PKCS12/JKS key store. */
    static final String TRUSTSTORE = "auth.pop3.truststore";
    /** Key of the trust store's password, needed by some PKCS12/JKS files only. */
    static final String TRUSTSTORE_PASSWORD = "auth.pop3.truststore-password";
    /** Key of the host-name check switch. */
    static final String VERIFY_HOSTNAME = "auth.pop3.verify-hostname";

    private final SSLSocketFactory factory;
    private final boolean verifyHostname;

    private TlsClient(SSLSocketFactory factory, boolean verifyHostname) {
        this.factory = factory;
        this.verifyHostname = verifyHostname;
    }

    /**
     * Reads the TLS settings. Without a trust store the JDK's default CA certificates are
     * trusted.
     *
     * @param config the configuration; not null
     * @return the client; never null
     * @throws ConfigException when the trust store cannot be read
     */
    static TlsClient from(PluginConfig config) {
        boolean verify = config.flag(VERIFY_HOSTNAME, true);
        Optional<Path> store = config.path(TRUSTSTORE);
        if (store.isEmpty()) {
            return new TlsClient((SSLSocketFactory) SSLSocketFactory.getDefault(), verify);
        }
        char[] password = config.get(TRUSTSTORE_PASSWORD).map(String::toCharArray).orElse(null);
        try {
            TrustMaterial trust = TrustMaterial.read(store.get(), password, TRUSTSTORE, TRUSTSTORE_PASSWORD);
            return new TlsClient(trust.clientContext().getSocketFactory(), verify);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(TRUSTSTORE, "cannot make a TLS context trusting " + store.get() + ": "
                    + e.getMessage(), e);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /**
     * Runs the client side of a TLS handshake over a connected socket. The caller has set
     * the socket's read timeout, which bounds the handshake.
     *
     * @param plain the connected socket; closed with the returned one
     * @param host the host name to check the certificate against; not null
     * @param port the server's port
     * @return the socket after a successful handshake; never null
     * @throws IOException when the handshake fails, the certificate is not trusted or does
     *     not name the host
     */
    SSLSocket handshake(Socket plain, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) factory.createSocket(plain, host, port, true);
        socket.setUseClientMode(true);
        if (verifyHostname) {
            SSLParameters parameters = socket.getSSLParameters();
            // RFC 2595 section 2.4 asks for the same matching rules as HTTPS (wildcards included).
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
        }
        socket.startHandshake();
        return socket;
    }
}
