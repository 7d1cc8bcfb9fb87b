package dev.push3.core.session;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Credentials;
import dev.push3.core.client.Reply;
import dev.push3.core.protocol.Line;
import dev.push3.core.protocol.LineReader;
import dev.push3.core.protocol.ReplyWriter;
import dev.push3.core.protocol.Request;
import dev.push3.core.protocol.RequestParser;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Serves one connection: reads a request, answers it, until the client finishes, goes
 * idle, fails too many LOGINs, overstays AUTHENTICATION, stops reading its replies, or the
 * server shuts down. Runs on its own virtual thread.
 */
public final class Session implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    /** A wait without a limit: longer than any server runs, short enough for nanosecond arithmetic. */
    private static final Duration NO_LIMIT = Duration.ofDays(3650);

    private final long id;
    private final Socket socket;
    private final ClientNetwork network;
    private final SessionServices services;
    /** When AUTHENTICATION must end ({@link System#nanoTime()}), if server.login-timeout is set. */
    private final long loginDeadline;
    private final LineReader reader;
    private final ReplyWriter writer;
    private volatile boolean running = true;
    private volatile boolean writeTimedOut;
    private SessionState state = SessionState.AUTHENTICATION;
    private int loginFailures;

    /** What to do after a reply: keep the session or close it. */
    private record Response(Reply reply, boolean close) {
        static Response keep(Reply reply) {
            return new Response(reply, false);
        }

        static Response close(Reply reply) {
            return new Response(reply, true);
        }
    }

    /**
     * Prepares a session; {@link #run()} serves it.
     *
     * @param id a number unique within the server, for logs
     * @param socket the accepted connection; the session closes it
     * @param network the client's network, which per-address limits count by
     * @param services what sessions share
     * @throws IOException when the socket is already unusable
     */
    public Session(long id, Socket socket, ClientNetwork network, SessionServices services) throws IOException {
        this.id = id;
        this.socket = socket;
        this.network = network;
        this.services = services;
        this.loginDeadline = System.nanoTime() + services.settings().loginTimeout().toNanos();
        this.reader = new LineReader(socket.getInputStream(), services.counters().bytesIn(), socket::setSoTimeout);
        this.writer = new ReplyWriter(new BufferedOutputStream(socket.getOutputStream(), 1024), services.counters().bytesOut());
    }

    @Override
    public void run() {
        String remote = socket.getRemoteSocketAddress().toString();
        Thread.currentThread().setName("push3-session-" + id + " " + remote);
        MDC.put("session", Long.toString(id));
        MDC.put("remote", remote);
        services.counters().connectionsCurrent().incrementAndGet();
        LOG.debug("Connection opened");
        try (socket) {
            if (services.settings().greeting()) {
                writer.write(new Reply.Success("Push3 ready"), true);
            }
            serve();
        } catch (IOException e) {
            if (writeTimedOut) {
                LOG.info("Closing session: a reply could not be written within server.write-timeout={} "
                        + "(the client stopped reading)", services.settings().writeTimeout());
            } else {
                // A client that vanishes, or a socket closed by shutdown, is normal life for a server.
                LOG.debug("Connection ended: {}", e.toString());
            }
        } catch (RuntimeException | Error e) {
            LOG.error("Session failed unexpectedly: {}", e.toString());
            LOG.debug("Session failure", e);
        } finally {
            services.counters().connectionsCurrent().decrementAndGet();
            LOG.debug("Connection closed");
            MDC.clear();
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
                line = reader.read(loginFirst ? loginTimeLeft() : idleTimeout());
            } catch (SocketTimeoutException e) {
                writer.writeLast(loginFirst ? loginTimedOut() : idleTimedOut());
                return;
            }
            if (line instanceof Line.End) {
                return;
            }
            services.counters().commandsTotal().increment(); // before the reply, so METRICS counts itself
            Response response = respond(line);
            if (response.close()) {
                writer.writeLast(response.reply());
                return;
            }
            writer.write(response.reply(), !reader.hasBufferedLine());
        }
    }

    /**
     * Answers one line. Whatever fails while answering, the client still gets a reply line:
     * an exception keeps the session, an error (out of memory, say) closes it to free what
     * it holds.
     */
    private Response respond(Line line) {
        try {
            return line instanceof Line.Text text
                    ? handle(RequestParser.parse(text.text()))
                    : Response.keep(new Reply.Fail("line too long"));
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
            case Request.Capa capa -> Response.keep(new Reply.Success(String.join(" ", state.commands())));
            case Request.Finish finish -> Response.close(new Reply.Success("bye"));
            case Request.Login login -> state == SessionState.AUTHENTICATION
                    ? login(login)
                    : Response.keep(new Reply.Fail("already logged in"));
            case Request.Metrics metrics -> state == SessionState.TRANSACTION
                    ? Response.keep(metrics())
                    : Response.keep(new Reply.Fail("METRICS needs LOGIN first"));
        };
    }

    private Response login(Request.Login login) {
        Optional<InetSocketAddress> client = socket.getRemoteSocketAddress() instanceof InetSocketAddress address
                ? Optional.of(address)
                : Optional.empty();
        Credentials credentials = new Credentials(login.user(), login.password(), client);
        AuthOutcome outcome;
        try {
            Optional<AuthPenalty.Turn> turn = services.penalty().await(network, loginTimeLeft());
            if (turn.isEmpty()) {
                return Response.close(loginTimedOut());
            }
            try (AuthPenalty.Turn checking = turn.get()) {
                outcome = services.authenticator().authenticate(credentials);
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
                services.counters().loginsSucceeded().increment();
                LOG.info("LOGIN accepted for {}", accepted.user());
                yield Response.keep(new Reply.Success("logged in"));
            }
            case AuthOutcome.Rejected rejected -> rejected(login.user());
            case AuthOutcome.Unavailable unavailable -> {
                services.counters().loginsUnavailable().increment();
                LOG.warn("LOGIN for {} could not be checked: {}", login.user(), unavailable.reason());
                yield Response.keep(new Reply.Fail("authentication backend unavailable, try again later"));
            }
        };
    }

    private Response rejected(String user) {
        loginFailures++;
        services.counters().loginsFailed().increment();
        int max = services.settings().maxLoginFailures();
        LOG.info("LOGIN rejected for {} ({} of {} allowed failures)", user, loginFailures, max);
        // The delay slows password guessing; it parks only this virtual thread.
        try {
            Thread.sleep(services.settings().failureDelay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.close(new Reply.Fail("server shutting down"));
        }
        if (loginFailures >= max) {
            return Response.close(new Reply.Fail("invalid credentials; too many failures, closing"));
        }
        return Response.keep(new Reply.Fail("invalid credentials"));
    }

    private Reply metrics() {
        return new Reply.Success(services.metrics().collect().format(" "));
    }

    private Reply idleTimedOut() {
        LOG.info("Closing idle session in state {}", state);
        return new Reply.Fail("idle timeout, closing");
    }

    private Reply loginTimedOut() {
        LOG.info("Closing session still in AUTHENTICATION after server.login-timeout={}", services.settings().loginTimeout());
        return new Reply.Fail("login timeout, closing");
    }

    /**
     * Returns how long the session may still stay in AUTHENTICATION.
     *
     * @return the time left, zero when it is up; {@link #NO_LIMIT} when there is no login timeout or LOGIN succeeded
     */
    private Duration loginTimeLeft() {
        if (state != SessionState.AUTHENTICATION || services.settings().loginTimeout().isZero()) {
            return NO_LIMIT;
        }
        return Duration.ofNanos(Math.max(0, loginDeadline - System.nanoTime()));
    }

    private boolean loginEndsBeforeIdle() {
        Duration login = loginTimeLeft();
        Duration idle = idleTimeout();
        return login != NO_LIMIT && (idle.isZero() || login.compareTo(idle) <= 0);
    }

    private Duration idleTimeout() {
        return state == SessionState.AUTHENTICATION
                ? services.settings().idleTimeoutAuthentication()
                : services.settings().idleTimeoutTransaction();
    }

    /**
     * Ends the session if writing its current reply has taken longer than the limit: the
     * client stopped reading, its buffers are full, and only closing the socket frees the
     * session thread and its connection permit. Called by the server's watchdog thread.
     *
     * @param now the current {@link System#nanoTime()}
     * @param limitNanos {@code server.write-timeout} in nanoseconds, more than zero
     */
    public void abortStalledWrite(long now, long limitNanos) {
        if (writer.writingFor(now) > limitNanos && !writeTimedOut) {
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
            socket.close();
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
