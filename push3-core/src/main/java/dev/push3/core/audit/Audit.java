package dev.push3.core.audit;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit trail: one JSON object per line on the logger {@value #LOGGER}, at INFO.
 *
 * <p>Every line has the same fields, in this order: {@code time} (ISO-8601, UTC, milliseconds),
 * {@code event}, {@code outcome}, {@code session} (the server's session number, as in the
 * other log lines), {@code remote} and {@code port} (the client's address), {@code tls}
 * (the protocol version, or {@code null} for clear text), and {@code user} ({@code null}
 * before a LOGIN). A password is never written: no event carries one.
 *
 * <p>The line is built here, not by the logging layout, so that it is the same whatever the
 * operator's layout: route the logger to its own file with the pattern {@code %m%n}.
 * Values are JSON strings escaped here: the fields are the server's own words, numbers, an
 * address, and a user name that the protocol limits to printable ASCII, so escaping quote,
 * backslash and control characters is the whole of JSON's string grammar that can occur.
 *
 * <p>Thread-safe.
 */
public final class Audit {
    /** The logger name operators route. */
    public static final String LOGGER = "push3.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    /** Always three digits of milliseconds ({@link Instant#toString()} drops them at .000): one width for readers. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    /** What happened. */
    public enum Event {
        /** A connection refused before its session started (a connection limit). */
        CONNECT,
        /** A LOGIN answered. */
        LOGIN,
        /** STLS answered and the handshake done or failed. */
        STLS,
        /** A session closed by the server: a timeout, too many failures. */
        CLOSE,
        /**
         * A setting changed: by {@code CONFIG} (outcome {@code changed}) or a reload (outcome
         * {@code reloaded}); or a {@code CONFIG} refused (see {@link #recordConfigRefusal}).
         */
        CONFIG,
        /** A request to the Prometheus endpoint whose basic-authentication credentials failed. */
        HTTP_LOGIN;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Who: the connection an event belongs to.
     *
     * @param session the session number; 0 for a connection refused before it had one
     * @param remote the client's address and port
     * @param tls the TLS protocol version in use, empty for clear text
     * @param user the user logged in or trying to, empty before a LOGIN
     */
    public record Peer(long session, InetSocketAddress remote, Optional<String> tls, Optional<String> user) {
    }

    private final Clock clock;
    private final Consumer<String> sink;

    /**
     * Creates the trail on the logger {@value #LOGGER}.
     *
     * @param clock the time source for the {@code time} field
     */
    public Audit(Clock clock) {
        this(clock, line -> {
            if (LOG.isInfoEnabled()) {
                LOG.info(line);
            }
        });
    }

    /**
     * Creates a trail that hands its lines elsewhere: for tests, which read what a session wrote.
     *
     * @param clock the time source for the {@code time} field
     * @param sink takes each line, without a line end; called on session threads, so thread-safe
     */
    public Audit(Clock clock, Consumer<String> sink) {
        this.clock = clock;
        this.sink = sink;
    }

    /**
     * Writes one event.
     *
     * @param peer the connection
     * @param event what happened
     * @param outcome how it ended, in a word or two: {@code accepted}, {@code rejected},
     *     {@code unavailable}, {@code idle-timeout}, {@code too-many-connections} ...
     */
    public void record(Peer peer, Event event, String outcome) {
        sink.accept(line(peer, event, outcome, clock.instant()));
    }

    /**
     * Writes one setting's change: the common fields, then {@code key}, {@code old} and
     * {@code new} (a secret's values as {@code ***}).
     *
     * @param peer the session that sent {@code CONFIG}; empty for a reload (SIGHUP), whose
     *     {@code session} is 0 and {@code remote}, {@code port}, {@code tls}, {@code user} null
     * @param outcome {@code changed} (CONFIG) or {@code reloaded} (SIGHUP)
     * @param key the key
     * @param oldValue the value before, already masked if secret
     * @param newValue the value after, already masked if secret
     */
    public void recordChange(Optional<Peer> peer, String outcome, String key, String oldValue, String newValue) {
        StringBuilder line = start(peer, Event.CONFIG, outcome, clock.instant()).append(',');
        field(line, "key", key).append(',');
        field(line, "old", oldValue).append(',');
        field(line, "new", newValue);
        sink.accept(line.append('}').toString());
    }

    /**
     * Writes a refused {@code CONFIG}: the common fields, then {@code key}. The value asked
     * for is never written: it may be a secret, mistyped or not.
     *
     * @param peer the session that sent {@code CONFIG}
     * @param outcome why it was refused: {@code not-admin}, {@code needs-tls} (clear text from
     *     another host), {@code unknown-key}, {@code needs-restart} or {@code invalid}
     * @param key the key named, as the client sent it; empty when it named none (a listing).
     *     Written up to its first {@code =} or {@code :}: a properties-file line
     *     ({@code key=value}, as CONFIG lists them) sent as the key carries a value after it
     */
    public void recordConfigRefusal(Peer peer, String outcome, Optional<String> key) {
        StringBuilder line = start(Optional.of(peer), Event.CONFIG, outcome, clock.instant()).append(',');
        optional(line, "key", key.map(Audit::withoutValue));
        sink.accept(line.append('}').toString());
    }

    private static String withoutValue(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) == '=' || key.charAt(i) == ':') {
                return key.substring(0, i);
            }
        }
        return key;
    }

    static String line(Peer peer, Event event, String outcome, Instant time) {
        return start(Optional.of(peer), event, outcome, time).append('}').toString();
    }

    private static StringBuilder start(Optional<Peer> who, Event event, String outcome, Instant time) {
        StringBuilder line = new StringBuilder(192).append('{');
        field(line, "time", TIME.format(time)).append(',');
        field(line, "event", event.wire()).append(',');
        field(line, "outcome", outcome).append(',');
        if (who.isEmpty()) {
            return line.append("\"session\":0,\"remote\":null,\"port\":null,\"tls\":null,\"user\":null");
        }
        Peer peer = who.get();
        line.append("\"session\":").append(peer.session()).append(',');
        field(line, "remote", peer.remote().getAddress().getHostAddress()).append(',');
        line.append("\"port\":").append(peer.remote().getPort()).append(',');
        optional(line, "tls", peer.tls()).append(',');
        return optional(line, "user", peer.user());
    }

    private static StringBuilder optional(StringBuilder line, String name, Optional<String> value) {
        return value.isPresent() ? field(line, name, value.get()) : line.append('"').append(name).append("\":null");
    }

    private static StringBuilder field(StringBuilder line, String name, String value) {
        line.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                default -> {
                    // C0, DEL, C1 (NEL among them) and the Unicode line and paragraph separators:
                    // each would break the one-line record for some reader, as in the log layout.
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        return line.append('"');
    }
}
