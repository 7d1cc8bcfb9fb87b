package dev.push3.auth.pop3;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Credentials;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One login attempt against the POP3 server, from connect to {@code QUIT}. Used once, by
 * one thread.
 *
 * <p>The order is: greeting; {@code STLS} when configured; {@code CAPA};
 * {@code XCLIENT} when offered and {@code auth.pop3.forward-client=auto}; the mechanism (the
 * configured one, or else the strongest offered: {@code APOP} when the greeting carries a
 * timestamp, then {@code AUTH PLAIN} when {@code CAPA} lists {@code SASL PLAIN}, then
 * {@code USER}/{@code PASS}); the clear-text check; the credentials; {@code QUIT}. When
 * {@code APOP} was chosen by {@code auto} and the server refuses it, the next offered
 * mechanism gets the same password on the same connection: a server can offer {@code APOP}
 * and still be unable to check it for a user whose password it stores hashed.
 *
 * <p><b>After the credentials.</b> Once a command carrying the password (or its APOP
 * digest) has gone out, nothing the server says is quoted in a reason or a log line, only
 * its status and RFC 2449 response code: it may echo the password in any form. And only a
 * reply can make the check unavailable then: a server that hangs up or answers garbage has
 * refused the login, or a guesser would get a free answer (no failure delay, no count) for
 * every wrong password. A timeout stays unavailable, since the read timeout is above a
 * sound server's slowest answer.
 */
final class Pop3Dialog {
    private static final Logger LOG = LoggerFactory.getLogger(Pop3Dialog.class);
    /** The RFC 1939 APOP timestamp, a msg-id in angle brackets. */
    private static final Pattern TIMESTAMP = Pattern.compile("<[^<>\\s]+@[^<>\\s]+>");
    private static final int MAX_QUOTE = 120;

    private final Pop3Settings settings;
    private final TlsClient tls;
    private final Credentials credentials;
    private String step = "connect";
    private boolean reached;
    private boolean credentialsSent;

    /**
     * Prepares an attempt.
     *
     * @param settings the settings; not null
     * @param tls the TLS policy; not null
     * @param credentials what the Push3 client sent; not null, free of CR, LF and NUL
     */
    Pop3Dialog(Pop3Settings settings, TlsClient tls, Credentials credentials) {
        this.settings = settings;
        this.tls = tls;
        this.credentials = credentials;
    }

    /**
     * The result of an attempt.
     *
     * @param outcome what to answer; not null
     * @param reached whether the server sent a greeting, for the {@code last_reachable} metric
     */
    record Attempt(AuthOutcome outcome, boolean reached) {
    }

    /**
     * What the server offers, from its greeting and {@code CAPA}.
     *
     * @param timestamp the APOP timestamp of the greeting, if any
     * @param capabilities the capability names {@code CAPA} listed, upper case; empty when
     *     the server does not know {@code CAPA} (RFC 1939 only)
     * @param sasl the SASL mechanisms {@code CAPA} listed, upper case
     * @param xclient whether the greeting or {@code CAPA} offers {@code XCLIENT}
     */
    private record Offer(Optional<String> timestamp, Optional<Set<String>> capabilities, Set<String> sasl,
            boolean xclient) {
        boolean offers(Mechanism mechanism) {
            return switch (mechanism) {
                case APOP -> timestamp.isPresent();
                case SASL_PLAIN -> sasl.contains("PLAIN");
                // RFC 1939 makes USER optional, but a server without CAPA has nothing else to offer.
                case USER -> capabilities.map(names -> names.contains("USER")).orElse(true);
            };
        }
    }

    /**
     * Runs the attempt. Never throws for a network or protocol failure: that is
     * {@link AuthOutcome.Unavailable}, with a reason that never contains the password, or,
     * after the credentials went out, {@link AuthOutcome.Rejected}.
     *
     * @return the outcome; never null
     */
    Attempt run() {
        try (Pop3Connection connection = connect()) {
            AuthOutcome outcome;
            try {
                outcome = converse(connection);
            } catch (IOException e) {
                sayQuit(connection);
                throw e;
            }
            quit(connection);
            return new Attempt(outcome, reached);
        } catch (IOException e) {
            return new Attempt(failure(e), reached);
        }
    }

    private AuthOutcome failure(IOException e) {
        String reason = describe(e);
        if (credentialsSent && !(e instanceof SocketTimeoutException)) {
            LOG.info("{}; counted as a failed LOGIN, as the credentials had been sent", reason);
            return AuthOutcome.rejected();
        }
        return AuthOutcome.unavailable(reason);
    }

    private Pop3Connection connect() throws IOException {
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        if (address.isUnresolved()) {
            throw new UnknownHostException(settings.host());
        }
        Pop3Connection connection = Pop3Connection.open(address, settings.connectTimeout(), settings.readTimeout());
        if (settings.tls() == TlsMode.IMPLICIT) {
            step = "TLS handshake";
            try {
                connection.startTls(tls, settings.host(), settings.port());
            } catch (IOException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    private AuthOutcome converse(Pop3Connection connection) throws IOException {
        step = "greeting";
        if (!(connection.reply() instanceof Pop3Reply.Ok greeting)) {
            throw new Pop3ProtocolException("greeting is not +OK");
        }
        reached = true;
        if (settings.tls() == TlsMode.STARTTLS) {
            command(connection, "STLS");
            step = "TLS handshake after STLS";
            connection.startTls(tls, settings.host(), settings.port());
        }
        Offer offer = offer(connection, greeting);
        forwardClient(connection, offer);
        List<Mechanism> offered = offered(connection, offer);
        List<Mechanism> usable = offered.stream().filter(m -> mayUse(connection, m)).toList();
        if (usable.isEmpty()) {
            Mechanism refused = offered.getFirst();
            return AuthOutcome.unavailable("refused to send a clear-text password (" + refused.configName()
                    + ") to " + settings.host() + " without TLS; set " + Pop3Settings.TLS + " or "
                    + Pop3Settings.ALLOW_PLAINTEXT + "=true");
        }
        // A refused APOP may only mean the server cannot check APOP for this user; one more
        // mechanism decides. The same password twice says nothing new, so no further tries.
        List<Mechanism> tries = usable.getFirst() == Mechanism.APOP ? usable.subList(0, Math.min(2, usable.size()))
                : usable.subList(0, 1);
        AuthOutcome outcome = AuthOutcome.rejected();
        for (Mechanism mechanism : tries) {
            outcome = login(connection, mechanism, offer);
            if (!(outcome instanceof AuthOutcome.Rejected)) {
                return outcome;
            }
        }
        return outcome;
    }

    private Offer offer(Pop3Connection connection, Pop3Reply.Ok greeting) throws IOException {
        step = "CAPA";
        connection.send("CAPA");
        Optional<Set<String>> names = Optional.empty();
        Set<String> sasl = Set.of();
        if (connection.reply() instanceof Pop3Reply.Ok) { // a server without CAPA (RFC 1939 only) answers -ERR
            Set<String> listed = new HashSet<>();
            Set<String> mechanisms = new HashSet<>();
            for (String line : connection.body()) {
                List<String> words = List.of(line.trim().toUpperCase(Locale.ROOT).split("\\s+"));
                listed.add(words.getFirst());
                if (words.getFirst().equals("SASL")) {
                    mechanisms.addAll(words.subList(1, words.size()));
                }
            }
            names = Optional.of(listed);
            sasl = mechanisms;
        }
        boolean xclient = greeting.responseCode().filter("XCLIENT"::equals).isPresent()
                || names.map(listed -> listed.contains("XCLIENT")).orElse(false);
        return new Offer(timestamp(greeting.text()), names, sasl, xclient);
    }

    /**
     * Tells the server the Push3 client's address, so that its per-address penalties and its
     * log ({@code rip=}) are about the client, not about Push3. A refusal only costs that.
     */
    private void forwardClient(Pop3Connection connection, Offer offer) throws IOException {
        Optional<InetSocketAddress> client = credentials.client().filter(address -> address.getAddress() != null);
        if (settings.forwardClient() == ForwardClient.NONE || !offer.xclient() || client.isEmpty()) {
            return;
        }
        step = "XCLIENT";
        String address = client.get().getAddress().getHostAddress();
        int scope = address.indexOf('%'); // an IPv6 zone means nothing to the server
        connection.send("XCLIENT ADDR=" + (scope < 0 ? address : address.substring(0, scope))
                + " PORT=" + client.get().getPort());
        Pop3Reply reply = connection.reply();
        if (!(reply instanceof Pop3Reply.Ok)) {
            LOG.warn("{} offers XCLIENT but refused it ('{}'); its penalties and log will name Push3's address,"
                    + " not the client's", where(), quote(reply.text()));
        }
    }

    /** The mechanisms the server offers, strongest first, or the configured one; never empty. */
    private List<Mechanism> offered(Pop3Connection connection, Offer offer) throws Pop3ProtocolException {
        step = "CAPA";
        Optional<Mechanism> configured = settings.mechanism();
        if (configured.isPresent()) {
            Mechanism mechanism = configured.get();
            if (!offer.offers(mechanism)) {
                String missing = switch (mechanism) {
                    case APOP -> "the greeting has no APOP timestamp";
                    case SASL_PLAIN -> "CAPA does not list SASL PLAIN";
                    case USER -> "CAPA does not list USER";
                };
                throw new Pop3ProtocolException(Pop3Settings.MECHANISM + "=" + mechanism.configName() + " but "
                        + missing + clearTextHint(connection, mechanism.sendsPassword()));
            }
            return List.of(mechanism);
        }
        List<Mechanism> offered = Stream.of(Mechanism.APOP, Mechanism.SASL_PLAIN, Mechanism.USER)
                .filter(offer::offers).toList();
        if (offered.isEmpty()) {
            throw new Pop3ProtocolException("no login mechanism offered: CAPA lists neither USER nor SASL PLAIN"
                    + " and the greeting has no APOP timestamp" + clearTextHint(connection, true));
        }
        return offered;
    }

    /**
     * A server that will not take a clear-text password over an unencrypted connection
     * (Dovecot's {@code disable_plaintext_auth=yes}) leaves USER and SASL PLAIN out of CAPA:
     * a configuration problem, whose fix is TLS.
     */
    private static String clearTextHint(Pop3Connection connection, boolean clearText) {
        return clearText && !connection.secure()
                ? "; a server that refuses clear-text passwords without TLS does this (Dovecot:"
                        + " disable_plaintext_auth=yes): set " + Pop3Settings.TLS + "=starttls or implicit"
                : "";
    }

    private boolean mayUse(Pop3Connection connection, Mechanism mechanism) {
        return !mechanism.sendsPassword() || connection.secure() || connection.loopback() || settings.allowPlaintext();
    }

    private AuthOutcome login(Pop3Connection connection, Mechanism mechanism, Offer offer) throws IOException {
        return switch (mechanism) {
            case USER -> userPass(connection);
            case APOP -> apop(connection, offer.timestamp().orElseThrow());
            case SASL_PLAIN -> saslPlain(connection);
        };
    }

    private AuthOutcome userPass(Pop3Connection connection) throws IOException {
        step = "USER";
        connection.send("USER " + credentials.user());
        switch (connection.reply()) {
            case Pop3Reply.Ok ok -> { }
            // No password has been checked yet, so even IN-USE is no acceptance here.
            case Pop3Reply.Err err -> {
                return refusal(err);
            }
            case Pop3Reply.Continuation c -> throw new Pop3ProtocolException("unexpected continuation after " + step);
        }
        step = "PASS";
        credentialsSent = true;
        connection.send("PASS " + credentials.password());
        return verdict(connection.reply());
    }

    private AuthOutcome apop(Pop3Connection connection, String timestamp) throws IOException {
        step = "APOP";
        credentialsSent = true;
        connection.send("APOP " + credentials.user() + " " + md5Hex(timestamp + credentials.password()));
        return verdict(connection.reply());
    }

    private AuthOutcome saslPlain(Pop3Connection connection) throws IOException {
        step = "AUTH PLAIN";
        credentialsSent = true;
        connection.send("AUTH PLAIN " + plainResponse());
        Pop3Reply reply = connection.reply();
        if (reply instanceof Pop3Reply.Continuation) {
            connection.send("*"); // cancels the exchange (RFC 5034 section 4)
            connection.reply();
            throw new Pop3ProtocolException("server asked for more after AUTH PLAIN with an initial response");
        }
        return verdict(reply);
    }

    /**
     * Maps the answer to the step that sent the credentials ({@code PASS}, {@code APOP},
     * {@code AUTH}). RFC 2449/3206 define {@code IN-USE} only as an answer to that step: the
     * password was right but the mailbox is locked.
     */
    private AuthOutcome verdict(Pop3Reply reply) throws Pop3ProtocolException {
        return switch (reply) {
            case Pop3Reply.Ok ok -> AuthOutcome.accepted(credentials.user());
            case Pop3Reply.Err err when err.responseCode().filter("IN-USE"::equals).isPresent() ->
                    AuthOutcome.accepted(credentials.user());
            case Pop3Reply.Err err -> refusal(err);
            case Pop3Reply.Continuation c -> throw new Pop3ProtocolException("unexpected continuation after " + step);
        };
    }

    /**
     * Maps a {@code -ERR} that accepts nothing. {@code SYS/TEMP}, {@code SYS/PERM} and
     * {@code LOGIN-DELAY} say nothing about the password, so they are the server's trouble,
     * not a wrong password.
     */
    private AuthOutcome refusal(Pop3Reply.Err err) {
        String code = err.responseCode().orElse("");
        return switch (code) {
            case "SYS/TEMP", "SYS/PERM", "LOGIN-DELAY" -> AuthOutcome.unavailable(
                    "server could not check the password after " + step + ": -ERR "
                            + (credentialsSent ? "[" + code + "]" : quote(err.text())));
            default -> AuthOutcome.rejected();
        };
    }

    private void command(Pop3Connection connection, String command) throws IOException {
        step = command;
        connection.send(command);
        Pop3Reply reply = connection.reply();
        if (!(reply instanceof Pop3Reply.Ok)) {
            throw new Pop3ProtocolException(command + " refused", reply.text());
        }
    }

    /** Ends the session politely; the outcome is already known, so a failure here is not reported. */
    private void quit(Pop3Connection connection) {
        try {
            connection.send("QUIT");
            connection.reply();
        } catch (IOException e) {
            // The server may close without answering QUIT after a failed login.
        }
    }

    /**
     * Sends {@code QUIT} after a failure without waiting for the answer: the dialog may be
     * out of step (a timeout, garbage), and the outcome must not wait another read timeout.
     */
    private static void sayQuit(Pop3Connection connection) {
        try {
            connection.send("QUIT");
        } catch (IOException e) {
            // The connection is already gone.
        }
    }

    private String where() {
        return settings.host() + ":" + settings.port();
    }

    /** Our own words for a failure; server text only from before the credentials went out. */
    private String describe(IOException e) {
        String where = where();
        return switch (e) {
            case UnknownHostException u -> "unknown host " + settings.host();
            case ConnectException c -> "cannot connect to " + where + " (" + c.getMessage() + ")";
            case SocketTimeoutException t when step.equals("connect") ->
                    "no connection to " + where + " within " + settings.connectTimeout().toMillis() + "ms";
            case SocketTimeoutException t ->
                    "no reply from " + where + " within " + settings.readTimeout().toMillis() + "ms (" + step + ")";
            case SSLException s -> "TLS failure with " + where + " (" + step + "): " + s.getMessage();
            case EOFException eof -> where + " closed the connection (" + step + ")";
            case Pop3ProtocolException p -> where + " (" + step + "): " + p.getMessage()
                    + p.serverText().filter(text -> !credentialsSent).map(text -> ": '" + quote(text) + "'").orElse("");
            default -> "I/O failure with " + where + " (" + step + "): " + e;
        };
    }

    private String plainResponse() {
        String message = "\0" + credentials.user() + "\0" + credentials.password();
        return Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> timestamp(String greeting) {
        Matcher m = TIMESTAMP.matcher(greeting);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    private static String md5Hex(String text) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /**
     * Makes server text from before the credentials safe for one log line: printable ASCII
     * only, bounded length.
     */
    private static String quote(String serverText) {
        StringBuilder out = new StringBuilder();
        for (char c : serverText.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
            if (out.length() == MAX_QUOTE) {
                return out.append("...").toString();
            }
        }
        return out.toString();
    }
}
