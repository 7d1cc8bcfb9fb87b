package dev.push3.core.http;

/**
 * Turns on the JDK HTTP server's own limits against slow clients (slowloris), for every
 * {@code jdk.httpserver} server of this JVM: Push3's {@code /metrics} endpoint and the
 * {@code push3 exporter}. A request must arrive whole, headers included, within
 * {@value #MAX_REQUEST_SECONDS} s ({@code sun.net.httpserver.maxReqTime}) and its response
 * be written within {@value #MAX_RESPONSE_SECONDS} s ({@code sun.net.httpserver.maxRspTime}),
 * else the connection is closed; at most {@value #MAX_CONNECTIONS} connections are open at
 * once ({@code jdk.httpserver.maxConnections}; further ones are closed on accept).
 *
 * <p>These are the supported knobs of jdk.httpserver: system properties read once, when the
 * JVM's first HTTP server is made. A value the JVM's options already set is kept, so an
 * operator's {@code -D} wins. Thread-safe and idempotent; call it before the first server.
 */
public final class SlowClientLimits {
    /** The longest a request may take to arrive whole, headers included, in seconds. */
    public static final int MAX_REQUEST_SECONDS = 10;
    /** The longest a response may take to be written, from its headers on, in seconds. */
    public static final int MAX_RESPONSE_SECONDS = 30;
    /** The most connections open at once, whatever their state. */
    public static final int MAX_CONNECTIONS = 100;

    private SlowClientLimits() {
    }

    /** Sets each limit that the JVM's options did not set. */
    public static synchronized void apply() {
        limit("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        limit("sun.net.httpserver.maxRspTime", MAX_RESPONSE_SECONDS);
        limit("jdk.httpserver.maxConnections", MAX_CONNECTIONS);
    }

    private static void limit(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
