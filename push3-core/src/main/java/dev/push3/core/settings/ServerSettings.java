package dev.push3.core.settings;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.core.tls.TlsSettings;
import dev.push3.core.wire.Reply;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every limit and option of the server, validated once. Build with {@link #builder()} or
 * read from configuration with {@link #fromConfig}; the defaults are the named constants.
 *
 * @param bind the address to listen on; loopback by default because passwords travel in clear text
 * @param port the TCP port, 0 for any free port
 * @param greeting whether to send {@code ->SUCCESS: Push3 ready} on connect (the spec defines none)
 * @param maxConnections connections served at once; one more gets a FAIL line and is closed
 * @param maxConnectionsPerAddress connections served at once from one client address (IPv6:
 *     one /64 network); one more gets a FAIL line and is closed
 * @param idleTimeoutAuthentication how long a session may wait for a request before LOGIN; zero for never
 * @param idleTimeoutTransaction the same after LOGIN; zero for never
 * @param loginTimeout how long a connection may stay in AUTHENTICATION, from connect,
 *     whatever it sends; zero for ever
 * @param writeTimeout how long writing one reply may take before the session is ended
 *     (a client that stops reading); zero for ever
 * @param maxLoginFailures rejected LOGINs after which the session is closed
 * @param failureDelay how long a rejected LOGIN waits before its reply
 * @param penaltyMax the longest penalty of a client address with failed LOGINs; zero
 *     turns the per-address penalty off
 * @param metricsTimeout how long METRICS waits for a source before reporting it down
 * @param metricsMaxReplySize the most octets a METRICS reply line may have, CRLF included;
 *     a longer one is answered with a FAIL naming the limit
 * @param shutdownGrace how long shutdown waits for sessions to end
 * @param tls STLS, the implicit-TLS listener and whether LOGIN needs TLS; {@link TlsSettings#off()} by default
 * @param admins the users who may use {@code CONFIG} ({@code auth.admins}); empty by default, so
 *     nobody may until an operator names someone
 * @param http the Prometheus endpoint; {@link HttpSettings#off()} by default
 */
public record ServerSettings(
        InetAddress bind,
        int port,
        boolean greeting,
        int maxConnections,
        int maxConnectionsPerAddress,
        Duration idleTimeoutAuthentication,
        Duration idleTimeoutTransaction,
        Duration loginTimeout,
        Duration writeTimeout,
        int maxLoginFailures,
        Duration failureDelay,
        Duration penaltyMax,
        Duration metricsTimeout,
        int metricsMaxReplySize,
        Duration shutdownGrace,
        TlsSettings tls,
        Set<String> admins,
        HttpSettings http) {

    /**
     * The configuration keys {@link #fromConfig} reads, so that a typo of one of them can be
     * refused at start-up instead of silently leaving the default.
     */
    public static final Set<String> KEYS = Stream.concat(Stream.of("server.bind", "server.port", "server.greeting",
            "server.max-connections", "server.idle-timeout.authentication", "server.idle-timeout.transaction",
            "auth.max-failures", "auth.failure-delay", "metrics.timeout", "server.shutdown-grace",
            "server.max-connections-per-address", "server.login-timeout", "server.write-timeout", "auth.penalty.max",
            "metrics.max-reply-size", "auth.admins"),
            Stream.concat(TlsSettings.KEYS.stream(), HttpSettings.KEYS.stream())).collect(Collectors.toUnmodifiableSet());

    /** The key naming the users who may use {@code CONFIG}. */
    public static final String ADMINS = "auth.admins";

    /**
     * The keys that may change while the server runs ({@code CONFIG key value}, a reload):
     * each is read per connection or per request, so a change applies to what comes next.
     * The others (the address, the ports, TLS on or off) need a restart.
     */
    public static final Set<String> CHANGEABLE = Set.of("server.greeting", "server.max-connections",
            "server.max-connections-per-address", "server.idle-timeout.authentication", "server.idle-timeout.transaction",
            "server.login-timeout", "server.write-timeout", "server.shutdown-grace", "auth.max-failures",
            "auth.failure-delay", "auth.penalty.max", "metrics.timeout", "metrics.max-reply-size", ADMINS, TlsSettings.CERT, TlsSettings.KEY);

    /** The port the specification assigns to Push3. */
    public static final int DEFAULT_PORT = 2254;
    /** Default of {@code server.max-connections}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** Default of {@code server.max-connections-per-address}. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 64;
    /** Default of {@code server.login-timeout}. */
    public static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofSeconds(60);
    /** Default of {@code server.write-timeout}. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    /** Default of {@code auth.penalty.max}. */
    public static final Duration DEFAULT_PENALTY_MAX = Duration.ofSeconds(15);
    /** Default of {@code server.idle-timeout.authentication}. */
    public static final Duration DEFAULT_IDLE_AUTHENTICATION = Duration.ofSeconds(60);
    /** Default of {@code server.idle-timeout.transaction}. */
    public static final Duration DEFAULT_IDLE_TRANSACTION = Duration.ofMinutes(10);
    /** Default of {@code auth.max-failures}. */
    public static final int DEFAULT_MAX_LOGIN_FAILURES = 3;
    /** Default of {@code auth.failure-delay}. */
    public static final Duration DEFAULT_FAILURE_DELAY = Duration.ofSeconds(1);
    /** Default of {@code metrics.timeout}. */
    public static final Duration DEFAULT_METRICS_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Default of {@code metrics.max-reply-size}, 1 MiB: some 40,000 metrics of 25 octets, far
     * beyond any POP3 server's (the in-process ones are about 1 KB, Dovecot's about 10 KB), and
     * small enough that the replies being made at once fit in a small heap.
     */
    public static final int DEFAULT_METRICS_MAX_REPLY_SIZE = 1 << 20;
    /** The least {@code metrics.max-reply-size}: the in-process metrics alone need about 1 KB. */
    public static final int MIN_METRICS_MAX_REPLY_SIZE = 4096;
    /** Default of {@code server.shutdown-grace}. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    /** Checks every limit; a message names the setting and the value. */
    public ServerSettings {
        Objects.requireNonNull(bind, "bind");
        check(port >= 0 && port <= 65535, "server.port", "must be between 0 and 65535, was " + port);
        check(maxConnections >= 1, "server.max-connections", "must be at least 1, was " + maxConnections);
        check(maxConnectionsPerAddress >= 1, "server.max-connections-per-address",
                "must be at least 1, was " + maxConnectionsPerAddress);
        check(maxLoginFailures >= 1, "auth.max-failures", "must be at least 1, was " + maxLoginFailures);
        checkDuration(idleTimeoutAuthentication, "server.idle-timeout.authentication");
        checkDuration(idleTimeoutTransaction, "server.idle-timeout.transaction");
        checkDuration(loginTimeout, "server.login-timeout");
        checkDuration(writeTimeout, "server.write-timeout");
        checkDuration(failureDelay, "auth.failure-delay");
        checkDuration(penaltyMax, "auth.penalty.max");
        checkDuration(metricsTimeout, "metrics.timeout");
        checkDuration(shutdownGrace, "server.shutdown-grace");
        check(!metricsTimeout.isZero(), "metrics.timeout", "must be more than 0s");
        // At most what Push3's own client reads: a server configured beyond it would be unreadable.
        check(metricsMaxReplySize >= MIN_METRICS_MAX_REPLY_SIZE && metricsMaxReplySize <= Reply.MAX_LINE_OCTETS,
                "metrics.max-reply-size", "must be between " + MIN_METRICS_MAX_REPLY_SIZE + " and " + Reply.MAX_LINE_OCTETS
                        + " octets, was " + metricsMaxReplySize);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(http, "http");
        check(http.port().isEmpty() || http.port().getAsInt() == 0 || http.port().getAsInt() != port,
                HttpSettings.PORT, "must differ from server.port, both were " + port);
        check(tls.implicitPort().isEmpty() || tls.implicitPort().getAsInt() == 0 || tls.implicitPort().getAsInt() != port,
                TlsSettings.PORT, "must differ from server.port, both were " + port);
        admins = Set.copyOf(admins);
        admins.forEach(user -> check(user.matches("[\\x21-\\x7e]+"), ADMINS,
                "a user name is printable ASCII without spaces, as LOGIN takes it, was '" + user + "'"));
    }

    /**
     * Returns a builder holding the defaults.
     *
     * @return a new builder; never null
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the {@code server.*} (with {@code server.tls.*}, see {@link TlsSettings#fromConfig}),
     * {@code http.*} (see {@link HttpSettings#fromConfig}),
     * {@code auth.max-failures}, {@code auth.failure-delay},
     * {@code auth.penalty.max}, {@code metrics.timeout} and {@code metrics.max-reply-size} keys; unset keys take their defaults.
     *
     * @param config the configuration; not null
     * @return the settings; never null
     * @throws ConfigException naming the first key with a bad value
     */
    public static ServerSettings fromConfig(PluginConfig config) {
        InetAddress bind = address("server.bind", config.get("server.bind", "127.0.0.1"));
        TlsSettings tls = TlsSettings.fromConfig(config, bind);
        return builder()
                .bind(bind)
                .tls(tls)
                .http(HttpSettings.fromConfig(config, tls))
                .port(config.integer("server.port", DEFAULT_PORT, 0, 65535))
                .greeting(config.flag("server.greeting", false))
                .maxConnections(config.integer("server.max-connections", DEFAULT_MAX_CONNECTIONS, 1, Integer.MAX_VALUE))
                .idleTimeoutAuthentication(config.duration("server.idle-timeout.authentication", DEFAULT_IDLE_AUTHENTICATION))
                .maxConnectionsPerAddress(config.integer("server.max-connections-per-address",
                        DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, 1, Integer.MAX_VALUE))
                .idleTimeoutTransaction(config.duration("server.idle-timeout.transaction", DEFAULT_IDLE_TRANSACTION))
                .loginTimeout(config.duration("server.login-timeout", DEFAULT_LOGIN_TIMEOUT))
                .writeTimeout(config.duration("server.write-timeout", DEFAULT_WRITE_TIMEOUT))
                .maxLoginFailures(config.integer("auth.max-failures", DEFAULT_MAX_LOGIN_FAILURES, 1, Integer.MAX_VALUE))
                .failureDelay(config.duration("auth.failure-delay", DEFAULT_FAILURE_DELAY))
                .penaltyMax(config.duration("auth.penalty.max", DEFAULT_PENALTY_MAX))
                .metricsTimeout(config.duration("metrics.timeout", DEFAULT_METRICS_TIMEOUT))
                .metricsMaxReplySize(config.integer("metrics.max-reply-size", DEFAULT_METRICS_MAX_REPLY_SIZE,
                        MIN_METRICS_MAX_REPLY_SIZE, Reply.MAX_LINE_OCTETS))
                .shutdownGrace(config.duration("server.shutdown-grace", DEFAULT_SHUTDOWN_GRACE))
                .admins(Set.copyOf(config.list(ADMINS)))
                .build();
    }

    /**
     * Returns the server's keys as a group of the live settings: parsed by {@link #fromConfig},
     * shown by {@link #shown()}, changeable as {@link #CHANGEABLE} says.
     *
     * @param apply called with the new settings after a change; not null
     * @return the group; never null
     */
    public static SettingGroup<ServerSettings> group(Consumer<? super ServerSettings> apply) {
        return new SettingGroup<>(KEYS.stream().sorted()
                .map(key -> CHANGEABLE.contains(key) ? SettingKey.changeable(key) : SettingKey.restart(key)).toList(),
                ServerSettings::fromConfig, ServerSettings::shown, apply);
    }

    /**
     * Returns every key's value as {@link #fromConfig} reads it back, defaults included;
     * a key without a value (no certificate) is left out.
     *
     * @return the values by key; never null
     */
    public Map<String, String> shown() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("server.bind", bind.getHostAddress());
        shown.put("server.port", Integer.toString(port));
        shown.put("server.greeting", Boolean.toString(greeting));
        shown.put("server.max-connections", Integer.toString(maxConnections));
        shown.put("server.max-connections-per-address", Integer.toString(maxConnectionsPerAddress));
        shown.put("server.idle-timeout.authentication", text(idleTimeoutAuthentication));
        shown.put("server.idle-timeout.transaction", text(idleTimeoutTransaction));
        shown.put("server.login-timeout", text(loginTimeout));
        shown.put("server.write-timeout", text(writeTimeout));
        shown.put("auth.max-failures", Integer.toString(maxLoginFailures));
        shown.put("auth.failure-delay", text(failureDelay));
        shown.put("auth.penalty.max", text(penaltyMax));
        shown.put("metrics.timeout", text(metricsTimeout));
        shown.put("metrics.max-reply-size", Integer.toString(metricsMaxReplySize));
        shown.put("server.shutdown-grace", text(shutdownGrace));
        tls.certificate().ifPresent(path -> shown.put(TlsSettings.CERT, path.toString()));
        tls.privateKey().ifPresent(path -> shown.put(TlsSettings.KEY, path.toString()));
        tls.implicitPort().ifPresent(tlsPort -> shown.put(TlsSettings.PORT, Integer.toString(tlsPort)));
        shown.put(TlsSettings.REQUIRED, Boolean.toString(tls.required()));
        shown.put(TlsSettings.CLIENT_AUTH, tls.clientAuth().name().toLowerCase(java.util.Locale.ROOT));
        tls.clientCa().ifPresent(path -> shown.put(TlsSettings.CLIENT_CA, path.toString()));
        shown.put(TlsSettings.CHECK_INTERVAL, text(tls.checkInterval()));
        http.port().ifPresent(httpPort -> shown.put(HttpSettings.PORT, Integer.toString(httpPort)));
        shown.put(HttpSettings.BIND, http.bind().getHostAddress());
        shown.put(HttpSettings.MAX_REQUESTS, Integer.toString(http.maxRequests()));
        if (!admins.isEmpty()) {
            shown.put(ADMINS, String.join(",", new java.util.TreeSet<>(admins)));
        }
        return shown;
    }

    /** A duration in the shortest unit the configuration syntax has that keeps it exact: 90s, 10m, 500ms. */
    static String text(Duration value) {
        long millis = value.toMillis();
        if (millis == 0) {
            return "0s";
        }
        for (Map.Entry<Long, String> unit : Map.of(86_400_000L, "d", 3_600_000L, "h", 60_000L, "m", 1_000L, "s")
                .entrySet().stream().sorted(Map.Entry.<Long, String>comparingByKey().reversed()).toList()) {
            if (millis % unit.getKey() == 0) {
                return millis / unit.getKey() + unit.getValue();
            }
        }
        return millis + "ms";
    }

    /** Reads a literal address: a host name would make start-up depend on DNS. */
    static InetAddress address(String key, String text) {
        if (!text.matches("[0-9.]+|\\[?[0-9a-fA-F:.]+]?")) {
            throw new ConfigException(key, "must be an IP address such as 127.0.0.1 or ::1, was '" + text + "'");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new ConfigException(key, "must be an IP address such as 127.0.0.1 or ::1, was '" + text + "'", e);
        }
    }

    private static void check(boolean ok, String key, String problem) {
        if (!ok) {
            throw new ConfigException(key, problem);
        }
    }

    private static void checkDuration(Duration value, String key) {
        Objects.requireNonNull(value, key);
        check(!value.isNegative(), key, "must not be negative, was " + value);
        check(value.toMillis() <= Integer.MAX_VALUE, key, "must be at most " + Duration.ofMillis(Integer.MAX_VALUE) + ", was " + value);
    }

    /** Collects settings; starts from the defaults. */
    public static final class Builder {
        private InetAddress bind = InetAddress.getLoopbackAddress();
        private int port = DEFAULT_PORT;
        private boolean greeting;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        private Duration idleTimeoutAuthentication = DEFAULT_IDLE_AUTHENTICATION;
        private Duration idleTimeoutTransaction = DEFAULT_IDLE_TRANSACTION;
        private Duration loginTimeout = DEFAULT_LOGIN_TIMEOUT;
        private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
        private int maxLoginFailures = DEFAULT_MAX_LOGIN_FAILURES;
        private Duration failureDelay = DEFAULT_FAILURE_DELAY;
        private Duration penaltyMax = DEFAULT_PENALTY_MAX;
        private Duration metricsTimeout = DEFAULT_METRICS_TIMEOUT;
        private int metricsMaxReplySize = DEFAULT_METRICS_MAX_REPLY_SIZE;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private TlsSettings tls = TlsSettings.off();
        private Set<String> admins = Set.of();
        private HttpSettings http = HttpSettings.off();

        private Builder() {
        }

        /** @param value see {@link ServerSettings#bind()} @return this builder */
        public Builder bind(InetAddress value) {
            bind = value;
            return this;
        }

        /** @param value see {@link ServerSettings#port()} @return this builder */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** @param value see {@link ServerSettings#greeting()} @return this builder */
        public Builder greeting(boolean value) {
            greeting = value;
            return this;
        }

        /** @param value see {@link ServerSettings#maxConnections()} @return this builder */
        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        /** @param value see {@link ServerSettings#maxConnectionsPerAddress()} @return this builder */
        public Builder maxConnectionsPerAddress(int value) {
            maxConnectionsPerAddress = value;
            return this;
        }

        /** @param value see {@link ServerSettings#loginTimeout()} @return this builder */
        public Builder loginTimeout(Duration value) {
            loginTimeout = value;
            return this;
        }

        /** @param value see {@link ServerSettings#writeTimeout()} @return this builder */
        public Builder writeTimeout(Duration value) {
            writeTimeout = value;
            return this;
        }

        /** @param value see {@link ServerSettings#penaltyMax()} @return this builder */
        public Builder penaltyMax(Duration value) {
            penaltyMax = value;
            return this;
        }

        /** @param value see {@link ServerSettings#idleTimeoutAuthentication()} @return this builder */
        public Builder idleTimeoutAuthentication(Duration value) {
            idleTimeoutAuthentication = value;
            return this;
        }

        /** @param value see {@link ServerSettings#idleTimeoutTransaction()} @return this builder */
        public Builder idleTimeoutTransaction(Duration value) {
            idleTimeoutTransaction = value;
            return this;
        }

        /** @param value see {@link ServerSettings#maxLoginFailures()} @return this builder */
        public Builder maxLoginFailures(int value) {
            maxLoginFailures = value;
            return this;
        }

        /** @param value see {@link ServerSettings#failureDelay()} @return this builder */
        public Builder failureDelay(Duration value) {
            failureDelay = value;
            return this;
        }

        /** @param value see {@link ServerSettings#metricsTimeout()} @return this builder */
        public Builder metricsTimeout(Duration value) {
            metricsTimeout = value;
            return this;
        }

        /** @param value see {@link ServerSettings#metricsMaxReplySize()} @return this builder */
        public Builder metricsMaxReplySize(int value) {
            metricsMaxReplySize = value;
            return this;
        }

        /** @param value see {@link ServerSettings#tls()} @return this builder */
        public Builder tls(TlsSettings value) {
            tls = value;
            return this;
        }

        /** @param value see {@link ServerSettings#admins()} @return this builder */
        public Builder admins(Set<String> value) {
            admins = value;
            return this;
        }

        /** @param value see {@link ServerSettings#http()} @return this builder */
        public Builder http(HttpSettings value) {
            http = value;
            return this;
        }

        /** @param value see {@link ServerSettings#shutdownGrace()} @return this builder */
        public Builder shutdownGrace(Duration value) {
            shutdownGrace = value;
            return this;
        }

        /**
         * Returns the settings.
         *
         * @return the validated settings
         * @throws ConfigException naming the first bad setting
         */
        public ServerSettings build() {
            return new ServerSettings(bind, port, greeting, maxConnections, maxConnectionsPerAddress,
                    idleTimeoutAuthentication, idleTimeoutTransaction, loginTimeout, writeTimeout, maxLoginFailures,
                    failureDelay, penaltyMax, metricsTimeout, metricsMaxReplySize, shutdownGrace, tls, admins, http);
        }
    }
}
