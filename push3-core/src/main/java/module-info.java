/**
 * The Push3 protocol engine: request parsing, sessions, the TCP server, the client library
 * and the in-process counters.
 *
 * <p>Exported to everyone: the {@linkplain dev.push3.core.client client library}, and for a
 * Java POP3 server that embeds Push3, the {@linkplain dev.push3.core.server server} and the
 * {@linkplain dev.push3.core.metrics counter registry} where it publishes its own counters,
 * the {@linkplain dev.push3.core.settings live settings} (the server's and its own tunables,
 * changed with {@code CONFIG}), and the {@linkplain dev.push3.core.tls TLS settings} the
 * server settings carry. The
 * protocol and session packages are internal.
 *
 * <p>Core finds no plugins itself: it runs the authenticator and metrics sources it is given
 * ({@link dev.push3.core.server.Backends}); the application discovers them.
 */
module dev.push3.core {
    requires transitive dev.push3.api;
    requires org.slf4j;
    requires org.apache.commons.text;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    // Automatic modules of the Prometheus Java client: the model is in PrometheusFamilies' signatures.
    requires transitive io.prometheus.metrics.model;
    requires io.prometheus.metrics.config;
    requires io.prometheus.writer.text;
    // The Prometheus endpoint (http.port): the JDK's HTTP server.
    requires jdk.httpserver;
    requires static org.apiguardian.api;
    requires static org.jspecify;

    exports dev.push3.core.client;
    exports dev.push3.core.metrics;
    exports dev.push3.core.server;
    exports dev.push3.core.settings;
    exports dev.push3.core.tls;
    exports dev.push3.core.wire;
    // The exporter's HTTP server takes the endpoint's limits against slow clients.
    exports dev.push3.core.http to dev.push3.app;
}
