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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * One login attempt against the POP3 server, from connect to {@code QUIT}. Used once, by
 * one thread.
 *
 * <p>The order is: greeting; {@code STLS} when configured; the mechanism (the configured
 * one, or else the strongest offered: {@code APOP} when the greeting carries a timestamp,
 * then {@code AUTH PLAIN} when {@code CAPA} lists {@code SASL PLAIN}, then
 * {@code USER}/{@code PASS}); the clear-text check; the credentials; {@code QUIT}.
 */
final class Pop3Dialog {
    /** The RFC 1939 APOP timestamp, a msg-id in angle brackets. */
    private static final Pattern TIMESTAMP = Pattern.compile("<[^<>\\s]+@[^<>\\s]+>");
    private static final int MAX_QUOTE = 120;

    private final Pop3Settings settings;
    private final TlsClient tls;
    private final Credentials credentials;
    private String step = "connect";
    private boolean reached;

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
     * Runs the attempt. Never throws for a network or protocol failure: that is
     * {@link AuthOutcome.Unavailable}, with a reason that never contains the password.
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
            return new Attempt(AuthOutcome.unavailable(describe(e)), reached);
        }
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
        Optional<String> timestamp = timestamp(greeting.text());
        if (settings.tls() == TlsMode.STARTTLS) {
            command(connection, "STLS");
            step = "TLS handshake after STLS";
            connection.startTls(tls, settings.host(), settings.port());
        }
        Mechanism mechanism = choose(connection, timestamp);
        if (mechanism.sendsPassword() && !connection.secure() && !connection.loopback() && !settings.allowPlaintext()) {
            return AuthOutcome.unavailable("refused to send a clear-text password (" + mechanism.configName()
                    + ") to " + settings.host() + " without TLS; set " + Pop3Settings.TLS + " or "
                    + Pop3Settings.ALLOW_PLAINTEXT + "=true");
        }
        return switch (mechanism) {
            case USER -> userPass(connection);
            case APOP -> apop(connection, timestamp.orElseThrow());
            case SASL_PLAIN -> saslPlain(connection);
        };
    }

    private Mechanism choose(Pop3Connection connection, Optional<String> timestamp) throws IOException {
        Optional<Mechanism> configured = settings.mechanism();
        if (configured.isPresent()) {
            Mechanism m = configured.get();
            if (m == Mechanism.APOP && timestamp.isEmpty()) {
                throw new Pop3ProtocolException(Pop3Settings.MECHANISM + "=apop but the greeting has no APOP timestamp");
            }
            if (m == Mechanism.SASL_PLAIN && !offersSaslPlain(connection)) {
                throw new Pop3ProtocolException(Pop3Settings.MECHANISM + "=sasl-plain but CAPA does not list SASL PLAIN");
            }
            return m;
        }
        if (timestamp.isPresent()) {
            return Mechanism.APOP;
        }
        return offersSaslPlain(connection) ? Mechanism.SASL_PLAIN : Mechanism.USER;
    }

    private boolean offersSaslPlain(Pop3Connection connection) throws IOException {
        step = "CAPA";
        connection.send("CAPA");
        if (!(connection.reply() instanceof Pop3Reply.Ok)) {
            return false; // a server without CAPA (RFC 1939 only) answers -ERR
        }
        List<String> capabilities = connection.body();
        return capabilities.stream()
                .map(line -> line.toUpperCase(Locale.ROOT).split("\\s+"))
                .anyMatch(words -> words[0].equals("SASL") && List.of(words).contains("PLAIN"));
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
        connection.send("PASS " + credentials.password());
        return verdict(connection.reply());
    }

    private AuthOutcome apop(Pop3Connection connection, String timestamp) throws IOException {
        step = "APOP";
        connection.send("APOP " + credentials.user() + " " + md5Hex(timestamp + credentials.password()));
        return verdict(connection.reply());
    }

    private AuthOutcome saslPlain(Pop3Connection connection) throws IOException {
        step = "AUTH PLAIN";
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
        return switch (err.responseCode().orElse("")) {
            case "SYS/TEMP", "SYS/PERM", "LOGIN-DELAY" -> AuthOutcome.unavailable(
                    "server could not check the password after " + step + ": -ERR " + quote(err.text()));
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

    private String describe(IOException e) {
        String where = settings.host() + ":" + settings.port();
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
                    + p.serverText().map(text -> ": '" + quote(text) + "'").orElse("");
            default -> "I/O failure with " + where + " (" + step + "): " + e;
        };
    }

    /**
     * Takes out of server text the password and the SASL response wherever they stand as
     * whole words, as a server echoing a command would show them. Only server text goes
     * through here, never our own templates: there a password such as "e" or "connect"
     * would be revealed by where the stars land. A server word that happens to equal the
     * password cannot be told from an echo, so it is starred too.
     */
    private String scrubEchoes(String serverText) {
        String result = serverText;
        for (String secret : List.of(plainResponse(), credentials.password())) {
            if (!secret.isEmpty()) {
                result = Pattern.compile("(?<!\\S)" + Pattern.quote(secret) + "(?!\\S)")
                        .matcher(result).replaceAll("***");
            }
        }
        return result;
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

    /** Makes server text safe for one log line: no echoed secret, printable ASCII only, bounded length. */
    private String quote(String serverText) {
        StringBuilder out = new StringBuilder();
        for (char c : scrubEchoes(serverText).toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
            if (out.length() == MAX_QUOTE) {
                return out.append("...").toString();
            }
        }
        return out.toString();
    }
}
