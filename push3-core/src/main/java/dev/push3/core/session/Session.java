package dev.push3.core.session;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Credentials;
import dev.push3.api.support.Line;
import dev.push3.api.support.LineReader;
import dev.push3.core.audit.Audit;
import dev.push3.core.protocol.ReplyWriter;
import dev.push3.core.protocol.Request;
import dev.push3.core.protocol.RequestParser;
import dev.push3.core.settings.ServerSettings;
import dev.push3.core.wire.Reply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Serves one connection: reads a request, answers it, until the client finishes, goes
 * idle, fails too many LOGINs, overstays AUTHENTICATION, stops reading its replies, or the
 * server shuts down. Runs on its own virtual thread.
 *
 * <p>TLS starts either at once (the implicit-TLS listener) or after {@code STLS}; then the
 * socket, reader and writer are replaced by TLS ones over the same connection, and what the
 * client sent after {@code STLS} is dropped with the old reader (RFC 2595 section 4).
 * Events operators audit (LOGIN, STLS, a close by a timeout or by failures) go to
 * {@link Audit}.
 */
public final class Session implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    /** A wait without a limit: longer than any server runs, short enough for nanosecond arithmetic. */
    private static final Duration NO_LIMIT = Duration.ofDays(3650);

    private final long id;
    private final InetSocketAddress remote;
    /** The accepted TCP connection, under TLS or not: closing it ends everything at once. */
    private final Socket accepted;
    private final ClientNetwork network;
    private final SessionServices services;
    /** The limits in force when the session started; a later change applies to later sessions. */
    private final ServerSettings settings;
    private final boolean implicitTls;
    /** When AUTHENTICATION must end ({@link System#nanoTime()}), if server.login-timeout is set. */
    private final long loginDeadline;
    /** The connection, its reader and writer: replaced once, by TLS ones, when TLS starts. */
    private volatile Socket socket;
    private LineReader reader;
    private volatile ReplyWriter writer;
    private volatile boolean running = true;
    private volatile boolean writeTimedOut;
    private SessionState state = SessionState.AUTHENTICATION;
    /** LOGINs rejected and CONFIGs refused in this session, against auth.max-failures. */
    private int failures;
    /** The TLS protocol version once the handshake is done; empty in clear text. */
    private Optional<String> tlsProtocol = Optional.empty();
    /** The user of the last LOGIN, for the audit trail. */
    private Optional<String> user = Optional.empty();

    /** What to do after a reply: keep the session, close it, or start TLS. */
    private record Response(Reply reply, After after) {
        enum After { KEEP, CLOSE, START_TLS }

        static Response keep(Reply reply) {
            return new Response(reply, After.KEEP);
        }

        static Response close(Reply reply) {
            return new Response(reply, After.CLOSE);
        }
    }

    /**
     * Prepares a session; {@link #run()} serves it.
     *
     * @param id a number unique within the server, for logs
     * @param socket the accepted connection; the session closes it
     * @param network the client's network, which per-address limits count by
     * @param services what sessions share
     * @param implicitTls whether TLS starts at once (the implicit-TLS listener); then
     *     {@code services} has TLS
     * @throws IOException when the socket is already unusable
     */
    public Session(long id, Socket socket, ClientNetwork network, SessionServices services, boolean implicitTls)
            throws IOException {
        this.id = id;
        this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.accepted = socket;
        this.network = network;
        this.services = services;
        this.settings = services.settings().get();
        this.implicitTls = implicitTls;
        this.loginDeadline = System.nanoTime() + settings.loginTimeout().toNanos();
        // On the implicit-TLS port not even the shutdown notice may go out in clear text.
        use(implicitTls ? services.tls().orElseThrow().wrap(socket) : socket);
    }

    /** Reads and writes over this socket from now on; the old reader's buffer is dropped. */
    private void use(Socket connection) throws IOException {
        reader = new LineReader(connection.getInputStream(), RequestParser.MAX_LINE_OCTETS, connection::setSoTimeout,
                services.counters().bytesIn()::add);
        writer = new ReplyWriter(connection.getOutputStream(), services.counters().bytesOut());
        socket = connection;
    }

    @Override
    public void run() {
        Thread.currentThread().setName("push3-session-" + id + " " + remote);
        MDC.put("session", Long.toString(id));
        MDC.put("remote", remote.toString());
        services.counters().connectionsCurrent().incrementAndGet();
        LOG.debug("Connection opened");
        try {
            if (implicitTls && !startTls(Audit.Event.CONNECT)) {
                return;
            }
            if (settings.greeting()) {
                writer.write(new Reply.Success("Push3 ready"), true);
            }
            serve();
        } catch (IOException e) {
            if (writeTimedOut) {
                LOG.info("Closing session: a reply could not be written within server.write-timeout={} "
                        + "(the client stopped reading)", settings.writeTimeout());
                audit(Audit.Event.CLOSE, "write-timeout");
            } else {
                // A client that vanishes, or a socket closed by shutdown, is normal life for a server.
                LOG.debug("Connection ended: {}", e.toString());
            }
        } catch (RuntimeException | Error e) {
            LOG.error("Session failed unexpectedly: {}", e.toString());
            LOG.debug("Session failure", e);
            lastWord(new Reply.Fail("internal error, closing"));
        } finally {
            closeQuietly(socket);
            closeQuietly(accepted);
            services.counters().connectionsCurrent().decrementAndGet();
            LOG.debug("Connection closed");
            MDC.clear();
        }
    }

    /**
     * Tries to tell the client why its session ends after an unexpected failure, such as
     * running out of memory while writing a large reply: a connection is never closed
     * without a reply line if one can still be written. Replies still buffered go first.
     */
    private void lastWord(Reply reply) {
        try {
            writer.writeLast(reply);
        } catch (IOException | RuntimeException | Error e) {
            LOG.debug("Could not write the last reply: {}", e.toString());
        }
    }

    private void serve() throws IOException {
        while (running) {
            if (loginTimeLeft().isZero()) { // checked before each request: talking does not extend it
                writer.writeLast(loginTimedOut());
                return;
            }
            Line line;
            boolean loginFirst = loginEndsBeforeIdle();
            try {
                line = reader.read(readLimit(loginFirst));
            } catch (SocketTimeoutException e) {
                writer.writeLast(loginFirst ? loginTimedOut() : idleTimedOut());
                return;
            }
            if (line instanceof Line.End) {
                return;
            }
            services.counters().commandsTotal().increment(); // before the reply, so METRICS counts itself
            Response response = respond(line);
            switch (response.after()) {
                case CLOSE -> {
                    writer.writeLast(response.reply());
                    return;
                }
                case START_TLS -> {
                    writer.write(response.reply(), true);
                    if (!startTls(Audit.Event.STLS)) {
                        return;
                    }
                }
                case KEEP -> writer.write(response.reply(), !reader.hasBufferedLine());
            }
        }
    }

    /**
     * Replaces the connection by a TLS one over it and completes the handshake, within what
     * is left of the login and idle limits. Whatever the client sent before is dropped.
     *
     * @param event what the audit trail calls it: {@code STLS}, or {@code CONNECT} on the implicit-TLS port
     * @return true when the session goes on in TLS; false when the handshake failed and the session must end
     * @throws IOException when the connection is already closed
     */
    private boolean startTls(Audit.Event event) throws IOException {
        SessionTls tls = services.tls().orElseThrow();
        if (!(socket instanceof SSLSocket)) {
            use(tls.wrap(socket));
        }
        SSLSocket secure = (SSLSocket) socket;
        try {
            tls.handshake(secure, readLimit(loginEndsBeforeIdle()));
        } catch (IOException e) {
            LOG.debug("TLS handshake failed: {}", e.toString()); // counted and audited; scanners would flood INFO
            audit(event, "tls-failed");
            return false;
        }
        tlsProtocol = Optional.of(secure.getSession().getProtocol());
        LOG.debug("TLS started: {} {}", tlsProtocol.get(), secure.getSession().getCipherSuite());
        audit(event, "tls-started");
        return true;
    }

    /**
     * Answers one line. Whatever fails while answering, the client still gets a reply line:
     * an exception keeps the session, an error (out of memory, say) closes it to free what
     * it holds.
     */
    private Response respond(Line line) throws IOException {
        try {
            if (!(line instanceof Line.Text text)) {
                return Response.keep(new Reply.Fail("line too long"));
            }
            Request request = RequestParser.parse(text.text());
            if (request instanceof Request.Login || request instanceof Request.Metrics || request instanceof Request.Config) {
                writer.flush(); // earlier pipelined replies are owed now, not after a check that may take seconds
            }
            return handle(request);
        } catch (RuntimeException e) {
            LOG.error("Request failed unexpectedly in state {}: {}", state, e.toString());
            LOG.debug("Request failure", e);
            return Response.keep(new Reply.Fail("internal error"));
        } catch (Error e) {
            LOG.error("Request failed unexpectedly in state {}, closing: {}", state, e.toString());
            return Response.close(new Reply.Fail("internal error, closing"));
        }
    }

    private Response handle(Request request) {
        return switch (request) {
            case Request.Malformed malformed -> Response.keep(new Reply.Fail(malformed.reason()));
            case Request.Unknown unknown -> Response.keep(new Reply.Fail("unknown command " + unknown.command()));
            case Request.Capa capa -> Response.keep(new Reply.Success(String.join(" ", capabilities())));
            case Request.Stls stls -> stls();
            case Request.Finish finish -> Response.close(new Reply.Success("bye"));
            case Request.Login login -> state != SessionState.AUTHENTICATION
                    ? Response.keep(new Reply.Fail("already logged in"))
                    : tlsMissing() ? tlsRequired(login) : login(login);
            case Request.Metrics metrics -> state == SessionState.TRANSACTION
                    ? Response.keep(metrics())
                    : Response.keep(new Reply.Fail("METRICS needs LOGIN first"));
            case Request.Config config -> config(config);
        };
    }

    /**
     * The commands valid now: the state's, with STLS while TLS can still start, and without
     * LOGIN while it would be refused for want of TLS (as Dovecot leaves USER out).
     */
    private List<String> capabilities() {
        Stream<String> commands = state.commands().stream();
        if (state == SessionState.TRANSACTION && configRefusal().isEmpty()) {
            commands = Stream.concat(commands, Stream.of("CONFIG"));
        }
        if (state == SessionState.AUTHENTICATION && tlsProtocol.isEmpty()) {
            if (services.tls().isPresent()) {
                commands = Stream.concat(commands, Stream.of("STLS"));
            }
            if (tlsMissing()) {
                commands = commands.filter(command -> !command.equals("LOGIN"));
            }
        }
        return commands.sorted().toList();
    }

    private Response stls() {
        if (services.tls().isEmpty()) {
            return Response.keep(new Reply.Fail("TLS not available"));
        }
        if (tlsProtocol.isPresent()) {
            return Response.keep(new Reply.Fail("TLS already active"));
        }
        if (state != SessionState.AUTHENTICATION) {
            return Response.keep(new Reply.Fail("STLS only before LOGIN"));
        }
        return new Response(new Reply.Success("begin TLS"), Response.After.START_TLS);
    }

    /** Whether LOGIN must wait for TLS: {@code server.tls.required} and still clear text. */
    private boolean tlsMissing() {
        return settings.tls().required() && tlsProtocol.isEmpty();
    }

    /** The password is not checked, so it is neither a failure nor a step of the penalty. */
    private Response tlsRequired(Request.Login login) {
        user = Optional.of(login.user());
        LOG.info("LOGIN for {} refused before TLS (server.tls.required)", login.user());
        audit(Audit.Event.LOGIN, "tls-required");
        return Response.keep(new Reply.Fail("TLS required, send STLS first"));
    }

    private Response login(Request.Login login) {
        user = Optional.of(login.user());
        Credentials credentials = new Credentials(login.user(), login.password(), Optional.of(remote));
        AuthOutcome outcome;
        try {
            Optional<AuthPenalty.Turn> turn = services.penalty().await(network, loginTimeLeft());
            if (turn.isEmpty()) {
                return Response.close(loginTimedOut());
            }
            try (AuthPenalty.Turn checking = turn.get()) {
                outcome = services.authenticator().authenticate(credentials, MeasuredAuthenticator.Door.LOGIN);
                if (outcome instanceof AuthOutcome.Rejected) {
                    checking.failed();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.close(new Reply.Fail("server shutting down"));
        }
        return switch (outcome) {
            case AuthOutcome.Accepted accepted -> {
                state = SessionState.TRANSACTION;
                LOG.info("LOGIN accepted for {}", accepted.user());
                audit(Audit.Event.LOGIN, "accepted");
                yield Response.keep(new Reply.Success("logged in"));
            }
            case AuthOutcome.Rejected rejected -> rejected(login.user());
            case AuthOutcome.Unavailable unavailable -> {
                LOG.warn("LOGIN for {} could not be checked: {}", login.user(), unavailable.reason());
                audit(Audit.Event.LOGIN, "unavailable");
                yield Response.keep(new Reply.Fail("authentication backend unavailable, try again later"));
            }
        };
    }

    private Response rejected(String user) {
        failures++;
        int max = settings.maxLoginFailures();
        LOG.info("LOGIN rejected for {} ({} of {} allowed failures)", user, failures, max);
        audit(Audit.Event.LOGIN, "rejected");
        // The delay slows password guessing; it parks only this virtual thread.
        try {
            Thread.sleep(settings.failureDelay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.close(new Reply.Fail("server shutting down"));
        }
        if (failures >= max) {
            audit(Audit.Event.CLOSE, "too-many-failures");
            return Response.close(new Reply.Fail("invalid credentials; too many failures, closing"));
        }
        return Response.keep(new Reply.Fail("invalid credentials"));
    }

    /** The reply's size is bounded while its text is made: the prefix, a space and CRLF count too. */
    private Reply metrics() {
        int max = settings.metricsMaxReplySize();
        String limit = "metrics.max-reply-size=" + max;
        return services.metrics().collectText(settings.metricsTimeout(), max - Reply.SUCCESS_PREFIX.length() - 3, limit)
                .<Reply>map(Reply.Success::new)
                .orElseGet(() -> new Reply.Fail("reply larger than " + limit + " octets"));
    }

    private Response config(Request.Config request) {
        if (state != SessionState.TRANSACTION) {
            return Response.keep(new Reply.Fail("CONFIG needs LOGIN first"));
        }
        ConfigCommand command = new ConfigCommand(services.registry(), services.audit(), peer());
        Optional<ConfigCommand.Refusal> refusal = configRefusal();
        if (refusal.isEmpty()) {
            return Response.keep(command.answer(request));
        }
        failures++;
        LOG.info("CONFIG refused for {}: {} ({} of {} allowed failures)", user.orElse("?"), refusal.get().text(), failures,
                settings.maxLoginFailures());
        Reply.Fail refused = command.refuse(refusal.get(), request);
        // Each refusal is an audit line: a user who keeps trying is closed as a password guesser is,
        // so that the trail grows with the LOGINs, not with what one session sends.
        if (failures >= settings.maxLoginFailures()) {
            audit(Audit.Event.CLOSE, "too-many-failures");
            return Response.close(new Reply.Fail(refused.text() + "; too many failures, closing"));
        }
        return Response.keep(refused);
    }

    /** auth.admins as in force now, not as when the session started: a revoked administrator loses CONFIG at once. */
    private Optional<ConfigCommand.Refusal> configRefusal() {
        return ConfigCommand.refusal(tlsProtocol.isPresent(), remote.getAddress(), user, services.settings().get().admins());
    }

    private Reply idleTimedOut() {
        LOG.info("Closing idle session in state {}", state);
        audit(Audit.Event.CLOSE, "idle-timeout");
        return new Reply.Fail("idle timeout, closing");
    }

    private Reply loginTimedOut() {
        LOG.info("Closing session still in AUTHENTICATION after server.login-timeout={}", settings.loginTimeout());
        audit(Audit.Event.CLOSE, "login-timeout");
        return new Reply.Fail("login timeout, closing");
    }

    /**
     * Returns how long the session may still stay in AUTHENTICATION.
     *
     * @return the time left, zero when it is up; {@link #NO_LIMIT} when there is no login timeout or LOGIN succeeded
     */
    private Duration loginTimeLeft() {
        if (state != SessionState.AUTHENTICATION || settings.loginTimeout().isZero()) {
            return NO_LIMIT;
        }
        return Duration.ofNanos(Math.max(0, loginDeadline - System.nanoTime()));
    }

    /**
     * Returns how long the next read (a request line, or the TLS handshake) may wait.
     *
     * @param loginFirst whether the login timeout ends before the idle timeout
     * @return the login time left, at least 1 ms (zero would mean no limit), or the idle timeout; zero for no limit
     */
    private Duration readLimit(boolean loginFirst) {
        return loginFirst ? Duration.ofNanos(Math.max(1_000_000, loginTimeLeft().toNanos())) : idleTimeout();
    }

    private boolean loginEndsBeforeIdle() {
        Duration login = loginTimeLeft();
        Duration idle = idleTimeout();
        return login != NO_LIMIT && (idle.isZero() || login.compareTo(idle) <= 0);
    }

    private void audit(Audit.Event event, String outcome) {
        services.audit().record(peer(), event, outcome);
    }

    private Audit.Peer peer() {
        return new Audit.Peer(id, remote, tlsProtocol, user);
    }

    private static void closeQuietly(Socket connection) {
        try {
            connection.close();
        } catch (IOException e) {
            LOG.trace("close: {}", e.toString());
        }
    }

    private Duration idleTimeout() {
        return state == SessionState.AUTHENTICATION
                ? settings.idleTimeoutAuthentication()
                : settings.idleTimeoutTransaction();
    }

    /**
     * Ends the session if writing its current reply has taken longer than the limit: the
     * client stopped reading, its buffers are full, and only closing the socket frees the
     * session thread and its connection permit. Called by the server's watchdog thread.
     *
     * @param now the current {@link System#nanoTime()}
     */
    public void abortStalledWrite(long now) {
        long limitNanos = settings.writeTimeout().toNanos(); // the session's own: zero for no limit
        if (limitNanos > 0 && writer.writingFor(now) > limitNanos && !writeTimedOut) {
            writeTimedOut = true;
            services.counters().writeTimeouts().increment();
            abort();
        }
    }

    /**
     * Closes the connection at once, without a word; the session thread then ends. Called
     * when the shutdown grace period is over, on another thread.
     */
    public void abort() {
        running = false;
        try {
            accepted.close(); // the TCP socket, not the TLS one, whose close may wait on a blocked write
        } catch (IOException e) {
            LOG.trace("Aborting session {}: {}", id, e.toString());
        }
    }

    /**
     * Tells the client the server is shutting down and closes the connection; the session
     * thread then ends. Called from the server's shutdown, on another thread.
     */
    public void shutdown() {
        // Write before clearing the flag: a session that saw the flag first would close the
        // socket under this line.
        try {
            writer.writeLast(new Reply.Fail("server shutting down"));
        } catch (IOException e) {
            LOG.trace("Could not tell session {} about shutdown: {}", id, e.toString());
        }
        running = false;
        // Half-close rather than close: the reply already written is delivered before the
        // FIN, and the session thread wakes from its read with end-of-input and closes.
        try {
            socket.shutdownOutput();
            socket.shutdownInput();
        } catch (IOException e) {
            LOG.trace("Closing session {}: {}", id, e.toString());
        }
    }
}
