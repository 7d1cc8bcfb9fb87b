package dev.push3.metrics.jmx;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.rmi.server.RMIClientSocketFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens RMI sockets with a connect timeout and a read timeout (RMI keeps a factory's read
 * timeout after its handshake), so that an unreachable or frozen agent cannot hold a call for
 * minutes; over TLS with the source's own context, checking that the certificate names the host.
 *
 * <p>Used only in this JVM: for the registry lookup (as the JNDI
 * {@code com.sun.jndi.rmi.factory.socket}) and, over TLS, for the copies of the agent's stubs
 * ({@link TlsStubs}). A plain agent's stubs use the JDK's default sockets.
 *
 * @param timeout the connect and read timeout
 * @param tls the TLS socket factory, or empty for plain sockets
 */
record DeadlineSocketFactory(Duration timeout, Optional<SSLSocketFactory> tls)
        implements RMIClientSocketFactory {
    DeadlineSocketFactory {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(tls, "tls");
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        int millis = Math.toIntExact(Math.max(1, timeout.toMillis()));
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            return tls.isEmpty() ? socket : handshake(tls.get(), socket, host, port);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static Socket handshake(SSLSocketFactory factory, Socket plain, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) factory.createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }
}
