package dev.push3.core.client;

import dev.push3.api.support.Line;
import dev.push3.api.support.LineReader;
import dev.push3.core.wire.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SSLSocket;

/**
 * A blocking Push3 client: one connection, one request at a time.
 *
 * <pre>{@code
 * try (Push3Client client = Push3Client.connect("127.0.0.1", 2254, Duration.ofSeconds(5))) {
 *     Push3Exception.requireSuccess(client.login("alice", password));
 *     Map<String, BigDecimal> metrics = client.metrics();
 * }
 * }</pre>
 *
 * <p>Not thread-safe: use one client per thread. {@link #close()} sends {@code QUIT} when
 * the connection is still open, then closes it. Every reply line must arrive whole within
 * the timeout given to {@link #connect}, and be at most {@link #MAX_REPLY_OCTETS} long; a
 * server that stays silent longer, or sends a longer line, is reported as a
 * {@link Push3Exception}, and the connection is closed: a reply that came late would
 * otherwise be taken for the answer to the next request. The reply line's length is bounded
 * whatever the server sends (docs/PROTOCOL.md, decision 34).
 *
 * <p>The client never puts a password in an exception message.
 */
public final class Push3Client implements AutoCloseable {
    /** The text of the greeting a server may send on connect (docs/PROTOCOL.md). */
    private static final String GREETING = "Push3 ready";

    /** The longest reply line the client reads, in octets, CRLF included: {@link Reply#MAX_LINE_OCTETS}. */
    public static final int MAX_REPLY_OCTETS = Reply.MAX_LINE_OCTETS;

    private final Duration timeout;
    private Socket socket;
    private LineReader in;
    private OutputStream out;
    private boolean open = true;
    /**
     * The longest {@code timeout} {@link #connect} takes: a day. Sockets count in int
     * milliseconds (24.8 days at most); options that set a client timeout are checked
     * against this when they are read.
     */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(1);
    private boolean tlsActive;
    private final boolean plaintextAccepted;

    private Push3Client(Socket socket, Duration timeout, boolean plaintextAccepted) throws IOException {
        this.timeout = timeout;
        this.plaintextAccepted = plaintextAccepted;
        use(socket);
    }

    private void use(Socket connection) throws IOException {
        this.socket = connection;
        this.tlsActive = connection instanceof SSLSocket;
        this.in = new LineReader(connection.getInputStream(), MAX_REPLY_OCTETS, connection::setSoTimeout);
        this.out = connection.getOutputStream();
    }

    /**
     * Connects to a Push3 server. The timeout bounds the connect and every later read.
     *
     * @param host the server's host name or address; not null
     * @param port the server's port
     * @param timeout the connect and read timeout; not null, positive
     * @return the connected client; never null
     * @throws IOException when the connection cannot be made
     */
    public static Push3Client connect(String host, int port, Duration timeout) throws IOException {
        return connect(host, port, timeout, ClientTls.none());
    }

    /**
     * Connects to a Push3 server, with TLS as {@code tls} says. With
     * {@link ClientTls.Mode#STARTTLS} the client sends {@code STLS} and completes the
     * handshake before returning; a greeting the server sends first is skipped.
     *
     * @param host the server's host name or address, checked against its certificate; not null
     * @param port the server's port (its implicit-TLS port for {@link ClientTls.Mode#IMPLICIT})
     * @param timeout the connect, handshake and read timeout; not null, positive, at most {@link #MAX_TIMEOUT}
     * @param tls how to protect the connection; not null
     * @return the connected client; never null
     * @throws IOException when the connection cannot be made, the server refuses STLS, or the
     *     TLS handshake or the certificate check fails
     * @throws Push3Exception when the server answers STLS with something that is not a reply,
     *     for example TLS bytes from an implicit-TLS port
     */
    public static Push3Client connect(String host, int port, Duration timeout, ClientTls tls) throws IOException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("the timeout must be more than 0 and at most " + MAX_TIMEOUT.toHours()
                    + " hours, was " + timeout);
        }
        int millis = (int) timeout.toMillis(); // at most a day: fits the socket's int milliseconds
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            Push3Client client = new Push3Client(tls.mode() == ClientTls.Mode.IMPLICIT ? tls.handshake(socket, host) : socket,
                    timeout, tls.plaintextLogin());
            if (tls.mode() == ClientTls.Mode.STARTTLS) {
                client.startTls(tls, host);
            }
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void startTls(ClientTls tls, String host) throws IOException {
        Reply reply = send("STLS");
        if (reply.equals(new Reply.Success(GREETING))) {
            reply = receive(); // the greeting came first; STLS's own reply follows
        }
        if (!reply.success()) {
            throw new IOException("the server refused STLS: " + reply.text());
        }
        use(tls.handshake(socket, host));
    }

    /**
     * Reads one line the server sent without a request, such as the optional greeting.
     *
     * @return the reply; never null
     * @throws Push3Exception when the connection ends, the line does not arrive within the
     *     timeout, is not a reply, or is longer than {@link #MAX_REPLY_OCTETS}; but for a line
     *     that is not a reply, the connection is then closed
     */
    public Reply receive() {
        Line line;
        try {
            line = in.read(timeout);
        } catch (IOException e) {
            // Late or broken, the reply still due would answer the next request, and close() must
            // not send QUIT and wait a whole timeout again for a server that does not answer.
            closeSocket();
            throw new Push3Exception("cannot read from the server: " + e.getMessage(), e);
        }
        return switch (line) {
            case Line.Text text when tlsRecord(text.text()) -> {
                open = false;
                throw new Push3Exception("the server answered with TLS: this port speaks TLS from the first byte, "
                        + "connect with implicit TLS (--tls)");
            }
            case Line.Text text -> Reply.parse(text.text())
                    .orElseThrow(() -> new Push3Exception("not a Push3 reply: '" + text.text() + "'"));
            case Line.TooLong tooLong -> {
                closeSocket(); // where the next reply starts is anyone's guess
                throw new Push3Exception("the server sent a reply line longer than " + MAX_REPLY_OCTETS
                        + " octets; the connection is closed");
            }
            case Line.End end -> {
                open = false;
                throw new Push3Exception("connection closed by the server");
            }
        };
    }

    /**
     * Sends one request line and reads its reply.
     *
     * @param line the request without its line end, for example {@code CAPA}; not null,
     *     must not contain CR or LF; sent as UTF-8
     * @return the reply; never null
     * @throws Push3Exception when the connection breaks or the answer is not a reply
     * @throws PlaintextLogin.RefusedException when the line is a LOGIN that would go in clear
     *     text to an address that is not loopback; nothing of it was sent
     */
    public Reply send(String line) {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a request must not contain CR or LF");
        }
        refuseClearTextLogin(line);
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new Push3Exception("cannot write to the server: " + e.getMessage(), e);
        }
        Reply reply = receive();
        if (endsSession(line) && reply.success()) {
            closeSocket(); // the server closes after FINISH/QUIT; nothing more can be sent
        }
        return reply;
    }

    /** Checked before a LOGIN line is written: the password must not leave in clear text off loopback. */
    private void refuseClearTextLogin(String line) {
        if (!line.stripLeading().regionMatches(true, 0, "LOGIN ", 0, "LOGIN ".length())
                || PlaintextLogin.allowed(socket.getInetAddress(), tlsActive, plaintextAccepted)) {
            return;
        }
        boolean stlsOffered = send("CAPA").text().matches("(?i)(.* )?STLS( .*)?");
        throw new PlaintextLogin.RefusedException(socket.getInetAddress(), stlsOffered);
    }

    /**
     * Returns a line the server sent on its own, waiting for it at most {@code wait}: the
     * greeting that {@code server.greeting=true} enables, or the notice a server sends before
     * it closes an idle session.
     *
     * @param wait how long to wait; zero only looks at what has already arrived; not null
     * @return the reply, or empty when none arrived in time
     * @throws Push3Exception when the connection ends or the line is not a reply
     */
    public Optional<Reply> poll(Duration wait) {
        try {
            if (!in.awaitInput(wait)) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new Push3Exception("cannot read from the server: " + e.getMessage(), e);
        }
        return Optional.of(receive());
    }

    /**
     * Tells whether the connection is open: not closed by {@link #close()}, {@link #quit()},
     * a successful {@code FINISH}/{@code QUIT}, the server, or a read that failed or timed out.
     *
     * @return true while requests can be sent
     */
    public boolean isOpen() {
        return open && !socket.isClosed();
    }

    /**
     * Tells whether a line begins like a TLS record (RFC 8446 section 5.1): an alert (21) or a
     * handshake (22) of TLS 1.x, as an implicit-TLS port answers clear text.
     */
    static boolean tlsRecord(String line) {
        return line.length() >= 2 && (line.charAt(0) == 21 || line.charAt(0) == 22) && line.charAt(1) == 3;
    }

    private static boolean endsSession(String line) {
        String command = line.strip().toUpperCase(Locale.ROOT);
        return command.equals("FINISH") || command.equals("QUIT");
    }

    /**
     * Sends {@code LOGIN user password}.
     *
     * @param user the user name; not null, no spaces
     * @param password the password; not null, any text without control characters (sent as UTF-8)
     * @return the reply; a {@link Reply.Success} means the session is now in TRANSACTION
     *     ({@link Push3Exception#requireSuccess} turns a FAIL into an exception)
     * @throws IllegalArgumentException when the user or password cannot be sent; the message
     *     never contains the password
     * @throws Push3Exception when the connection breaks
     * @throws PlaintextLogin.RefusedException when the password would go in clear text to an
     *     address that is not loopback ({@link PlaintextLogin}); nothing of it was sent
     */
    public Reply login(String user, String password) {
        if (user.isEmpty() || user.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("a user name must not be empty or contain spaces");
        }
        if (!printableAscii(user) || password.isEmpty() || password.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "a user name must be printable ASCII and a password non-empty text without control characters");
        }
        return send("LOGIN " + user + " " + password);
    }

    private static boolean printableAscii(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    /**
     * Sends {@code METRICS} and parses the {@code name=value} pairs.
     *
     * @return the metrics, sorted by name, values as the server sent them: a hostile server's
     *     {@code 1E999999999} is a value too, of a billion digits in plain notation, so check a
     *     value against {@code MetricsSnapshot.MAX_DIGITS} before writing it out (as
     *     {@code push3 metrics} and {@code push3 check} do); never null
     * @throws Push3Exception with the server's FAIL text when it refuses
     */
    public Map<String, BigDecimal> metrics() {
        Reply reply = send("METRICS");
        if (reply instanceof Reply.Fail fail) {
            throw new Push3Exception(fail);
        }
        Map<String, BigDecimal> metrics = new TreeMap<>();
        for (String pair : reply.text().split(" ")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new Push3Exception("malformed METRICS reply near '" + pair + "'");
            }
            try {
                metrics.put(pair.substring(0, eq), new BigDecimal(pair.substring(eq + 1)));
            } catch (NumberFormatException e) {
                throw new Push3Exception("malformed METRICS value in '" + pair + "'", e);
            }
        }
        return Collections.unmodifiableMap(metrics);
    }

    /**
     * Sends {@code QUIT}, reads its reply, and closes the connection.
     *
     * @return the reply; never null
     */
    public Reply quit() {
        Reply reply = send("QUIT");
        closeSocket();
        return reply;
    }

    /** Sends {@code QUIT} if the connection is still open, then closes it. Never throws. */
    @Override
    public void close() {
        if (open && !socket.isClosed()) {
            try {
                quit();
            } catch (Push3Exception e) {
                // The server may already have closed; closing is all that is left to do.
            }
        }
        closeSocket();
    }

    private void closeSocket() {
        open = false;
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing is left to release.
        }
    }
}
