package dev.push3.core.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A raw TCP peer for conformance tests: sends exact bytes, reads exact reply lines. */
final class WireClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    WireClient(int port) throws IOException {
        this(port, InetAddress.getLoopbackAddress());
    }

    /** Connects from a chosen local address, such as 127.0.0.2, to play a distinct client. */
    WireClient(int port, InetAddress from) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port, from, 0);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /**
     * Starts TLS over this connection as the client (after STLS, or at once on the
     * implicit-TLS port); later lines go through TLS.
     */
    WireClient startTls(SSLContext context) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        socket = tls;
        in = tls.getInputStream();
        out = tls.getOutputStream();
        return this;
    }

    /** The TLS protocol in use, once {@link #startTls} is done. */
    String tlsProtocol() {
        return ((SSLSocket) socket).getSession().getProtocol();
    }

    /** The subject of the certificate the server presented, once {@link #startTls} is done. */
    String peerSubject() throws IOException {
        return ((java.security.cert.X509Certificate) ((SSLSocket) socket).getSession().getPeerCertificates()[0])
                .getSubjectX500Principal().getName();
    }

    /** The local port, which the audit trail names. */
    int localPort() {
        return socket.getLocalPort();
    }

    WireClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    WireClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads one line and checks it ends with CRLF; returns it without the CRLF. */
    String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed after '" + line.toString(StandardCharsets.ISO_8859_1) + "'");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        if (!text.endsWith("\r")) {
            throw new IOException("reply not ended by CRLF: '" + text + "'");
        }
        return text.substring(0, text.length() - 1);
    }

    /** Sends a request with CRLF and reads its reply. */
    String request(String line) throws IOException {
        return send(line + "\r\n").line();
    }

    /** True when the server closed the connection (EOF) within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by peer also means closed
        }
    }

    /** Reads what is left until the server closes, within the socket timeout. */
    byte[] rest() throws IOException {
        return in.readAllBytes();
    }

    /** True when reply bytes are waiting to be read. */
    boolean available() throws IOException {
        return in.available() > 0;
    }

    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
