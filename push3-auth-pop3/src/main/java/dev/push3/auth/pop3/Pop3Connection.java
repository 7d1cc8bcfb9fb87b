package dev.push3.auth.pop3;

import dev.push3.api.support.Line;
import dev.push3.api.support.LineReader;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection to a POP3 server, line by line. Not thread-safe: one
 * {@link Pop3Dialog} owns it.
 *
 * <p>Every reply must arrive completely within the read timeout: the socket timeout is set
 * to the time left before each read, so a server that drips one byte at a time cannot hold
 * a login for longer than that.
 */
final class Pop3Connection implements Closeable {
    /** RFC 2449 allows 512 octets per reply line; anything far past that is garbage. */
    private static final int MAX_LINE = 4096;
    /** A multi-line reply (CAPA) with more lines than this is garbage too. */
    private static final int MAX_LINES = 256;

    private final Duration readTimeout;
    private Socket socket;
    private LineReader in;
    private OutputStream out;
    private boolean secure;

    private Pop3Connection(Socket socket, Duration readTimeout) throws IOException {
        this.readTimeout = readTimeout;
        use(socket);
    }

    /**
     * Opens a TCP connection.
     *
     * @param address where the server listens; not null
     * @param connectTimeout how long to wait for the connection; more than zero
     * @param readTimeout how long to wait for each reply; more than zero
     * @return the open connection; never null
     * @throws IOException when the connection cannot be made in time
     */
    static Pop3Connection open(InetSocketAddress address, Duration connectTimeout, Duration readTimeout)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, Math.toIntExact(connectTimeout.toMillis()));
            return new Pop3Connection(socket, readTimeout);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Runs a TLS handshake over this connection and continues over TLS.
     *
     * @param tls the trust and host-name policy; not null
     * @param host the name the certificate must carry; not null
     * @param port the server's port
     * @throws IOException when the handshake fails or times out
     */
    void startTls(TlsClient tls, String host, int port) throws IOException {
        if (in.hasBufferedInput()) {
            // Bytes sent before the handshake would be read as if they came over TLS (CVE-2011-0411).
            throw new Pop3ProtocolException("server sent data after the STLS reply, before the TLS handshake");
        }
        socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
        use(tls.handshake(socket, host, port));
        secure = true;
    }

    /**
     * Tells whether the connection runs over TLS.
     *
     * @return true after {@link #startTls}
     */
    boolean secure() {
        return secure;
    }

    /**
     * Tells whether the server is on this machine, reached over a loopback address.
     *
     * @return true for 127.0.0.0/8 and ::1
     */
    boolean loopback() {
        return socket.getInetAddress().isLoopbackAddress();
    }

    /**
     * Sends one command line; CRLF is added.
     *
     * @param line the command; not null, without CR or LF
     * @throws IOException when the write fails
     */
    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Reads one status line.
     *
     * @return the reply; never null
     * @throws IOException on timeout, end of stream or a line that is no reply
     */
    Pop3Reply reply() throws IOException {
        return Pop3Reply.parse(readLine(deadline()));
    }

    /**
     * Reads the body of a multi-line reply up to the terminating {@code .} line, undoing
     * dot-stuffing.
     *
     * @return the lines; never null
     * @throws IOException on timeout, end of stream or an endless body
     */
    List<String> body() throws IOException {
        long deadline = deadline();
        List<String> lines = new ArrayList<>();
        for (String line = readLine(deadline); !line.equals("."); line = readLine(deadline)) {
            if (lines.size() == MAX_LINES) {
                throw new Pop3ProtocolException("multi-line reply longer than " + MAX_LINES + " lines");
            }
            lines.add(line.startsWith(".") ? line.substring(1) : line);
        }
        return lines;
    }

    /** Closes the socket; a failure to close changes nothing for the caller, so it is dropped. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing left to release.
        }
    }

    private void use(Socket next) throws IOException {
        socket = next;
        in = new LineReader(next.getInputStream(), MAX_LINE, next::setSoTimeout);
        out = next.getOutputStream();
    }

    private long deadline() {
        return System.nanoTime() + readTimeout.toNanos();
    }

    /**
     * Reads one line. NUL bytes before its first other byte are dropped: some servers send
     * the C string terminator after a reply ({@code +OK ready\r\n\0}), and curl logs in to
     * them. A NUL anywhere else stays in the line.
     */
    private String readLine(long deadline) throws IOException {
        return switch (in.readBy(deadline)) {
            case Line.Text text -> stripLeadingNuls(text.text());
            case Line.TooLong tooLong -> throw new Pop3ProtocolException("reply line longer than " + MAX_LINE + " bytes");
            case Line.End end -> throw new EOFException("connection closed by the server");
        };
    }

    private static String stripLeadingNuls(String line) {
        int first = 0;
        while (first < line.length() && line.charAt(first) == '\0') {
            first++;
        }
        return line.substring(first);
    }
}
