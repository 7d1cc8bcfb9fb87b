package dev.push3.auth.pop3;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code auth.pop3.*} settings except the TLS trust material (see {@link TlsClient}).
 *
 * @param host the POP3 server's host name or address; not blank
 * @param port its port, 1 to 65535
 * @param tls how the connection is protected; not null
 * @param connectTimeout the longest wait for the TCP connection; more than zero
 * @param readTimeout the longest wait for each reply; more than zero
 * @param mechanism the mechanism to use, or empty for the strongest the server offers
 * @param allowPlaintext whether a password may be sent unencrypted to a host that is not loopback
 * @param cacheTtl how long a successful login is remembered; zero turns the cache off
 * @param cacheSize the most logins remembered at once
 * @param forwardClient whether the Push3 client's address is passed on with {@code XCLIENT}
 * @param maxSessions the most POP3 sessions open at once
 */
record Pop3Settings(String host, int port, TlsMode tls, Duration connectTimeout, Duration readTimeout,
        Optional<Mechanism> mechanism, boolean allowPlaintext, Duration cacheTtl, int cacheSize,
        ForwardClient forwardClient, int maxSessions) {
    static final String PREFIX = "auth.pop3.";
    static final String HOST = PREFIX + "host";
    static final String PORT = PREFIX + "port";
    static final String TLS = PREFIX + "tls";
    static final String CONNECT_TIMEOUT = PREFIX + "connect-timeout";
    static final String READ_TIMEOUT = PREFIX + "read-timeout";
    static final String MECHANISM = PREFIX + "mechanism";
    static final String ALLOW_PLAINTEXT = PREFIX + "allow-plaintext";
    static final String CACHE_TTL = PREFIX + "cache-ttl";
    static final String CACHE_SIZE = PREFIX + "cache-size";
    static final String FORWARD_CLIENT = PREFIX + "forward-client";
    static final String MAX_SESSIONS = PREFIX + "max-sessions";
    /** Every key this plugin reads, as its provider declares them. */
    static final Set<String> KEYS = Set.of(HOST, PORT, TLS, CONNECT_TIMEOUT, READ_TIMEOUT, MECHANISM, ALLOW_PLAINTEXT,
            CACHE_TTL, CACHE_SIZE, FORWARD_CLIENT, MAX_SESSIONS, TlsClient.TRUSTSTORE, TlsClient.TRUSTSTORE_PASSWORD,
            TlsClient.VERIFY_HOSTNAME);

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /**
     * Longer than Dovecot's slowest answer to a login: its {@code auth_failure_delay} (2 s)
     * plus its largest auth penalty (15 s), so a slow answer is an answer, not a timeout.
     */
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(20);
    static final int DEFAULT_CACHE_SIZE = 10_000;
    /**
     * Half of the login processes a default Dovecot runs at once ({@code pop3-login} runs one
     * process per connection, at most {@code default_process_limit = 100}), so that Push3 alone
     * cannot take every login slot from the mail clients; at 10 to 50 ms per right password that
     * is still 1000 to 5000 checks a second.
     */
    static final int DEFAULT_MAX_SESSIONS = 50;
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    /** Checks the components. */
    Pop3Settings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(forwardClient, "forwardClient");
    }

    /**
     * Reads and checks the settings.
     *
     * @param config the configuration; not null
     * @return the settings; never null
     * @throws ConfigException naming the first key that is missing or wrong
     */
    static Pop3Settings from(PluginConfig config) {
        String host = config.require(HOST);
        TlsMode tls = TlsMode.valueOf(config.choice(TLS, "none", "none", "starttls", "implicit")
                .toUpperCase(Locale.ROOT));
        String mechanismName = config.choice(MECHANISM, "auto", "auto", "user", "apop", "sasl-plain");
        Pop3Settings settings = new Pop3Settings(host,
                config.integer(PORT, tls.defaultPort(), 1, 65_535), tls,
                timeout(config, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT),
                timeout(config, READ_TIMEOUT, DEFAULT_READ_TIMEOUT),
                mechanismName.equals("auto") ? Optional.empty() : Optional.of(Mechanism.ofConfigName(mechanismName)),
                config.flag(ALLOW_PLAINTEXT, false),
                config.duration(CACHE_TTL, Duration.ZERO),
                config.integer(CACHE_SIZE, DEFAULT_CACHE_SIZE, 1, 10_000_000),
                ForwardClient.valueOf(config.choice(FORWARD_CLIENT, "auto", "auto", "none").toUpperCase(Locale.ROOT)),
                config.integer(MAX_SESSIONS, DEFAULT_MAX_SESSIONS, 1, 10_000));
        settings.refuseCertainPlaintext();
        return settings;
    }

    /**
     * Fails start-up when the settings could only ever send passwords in clear text to
     * another machine. The check at each login (see {@link Pop3Dialog}) is the one that
     * counts; this one gives the operator the error before the first user does.
     */
    private void refuseCertainPlaintext() {
        boolean clearText = tls == TlsMode.NONE && mechanism.map(Mechanism::sendsPassword).orElse(false);
        if (clearText && !allowPlaintext && !resolvesToLoopback(host)) {
            throw new ConfigException(TLS, "is none and " + MECHANISM + "=" + mechanism.orElseThrow().configName()
                    + " would send passwords in clear text to " + host + ", which is not a loopback address; set "
                    + TLS + "=starttls or implicit, or " + ALLOW_PLAINTEXT + "=true if that network is trusted");
        }
    }

    private static boolean resolvesToLoopback(String host) {
        try {
            return Arrays.stream(InetAddress.getAllByName(host)).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return true; // cannot tell yet; each login checks the address it actually reaches
        }
    }

    private static Duration timeout(PluginConfig config, String key, Duration defaultValue) {
        Duration value = config.duration(key, defaultValue);
        if (value.toMillis() < 1 || value.compareTo(MAX_TIMEOUT) > 0) {
            throw new ConfigException(key, "must be at least 1ms and at most 5m, was " + value.toMillis()
                    + "ms (a timeout of 0 would wait forever)");
        }
        return value;
    }
}
