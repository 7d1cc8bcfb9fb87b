package dev.push3.core.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Credentials;
import dev.push3.api.metrics.MetricInfo;
import dev.push3.core.audit.Audit;
import dev.push3.core.metrics.Counter;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.metrics.PrometheusFamilies;
import dev.push3.core.metrics.PrometheusFormat;
import dev.push3.core.session.AuthPenalty;
import dev.push3.core.session.ClientNetwork;
import dev.push3.core.session.MeasuredAuthenticator;
import dev.push3.core.session.MetricsCollector;
import dev.push3.core.settings.ServerSettings;
import dev.push3.core.tls.ServerTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the METRICS reply's metrics, typed, in the Prometheus text format or
 * OpenMetrics as the {@code Accept} header asks ({@link PrometheusFormat}), named by
 * {@link PrometheusFamilies}, behind HTTP basic authentication against the server's
 * authenticator: the users of LOGIN, with LOGIN's per-address penalty
 * ({@link AuthPenalty}, shared), failure delay and audit trail.
 *
 * <p>Answers: 200 with the metrics; 401 with {@code WWW-Authenticate} without or with wrong
 * credentials (never the metrics); 429 when the address's penalty outlasts
 * {@link #PENALTY_PATIENCE}; 503 when the authenticator is unavailable or
 * {@code http.max-requests} requests are already being served; 404 for another path; 405
 * for a method other than GET and HEAD; 413 for a request with a body. Request headers are
 * bounded by the JDK server ({@code sun.net.httpserver.maxReqHeaders}, 200 headers, and
 * {@code sun.net.httpserver.maxReqHeaderSize}, 384 KiB, by default). Slow clients
 * (slowloris) are cut by the JDK server's own limits, turned on by {@link SlowClientLimits}
 * unless the JVM's options set them: a request must arrive whole within 10 s and its
 * response be written within 30 s; at most 100 connections are open at once.
 *
 * <p>Lifecycle: {@link #bind} opens the port when the server binds its own; {@link #start}
 * serves; {@link #close} stops at once. Each request runs on a virtual thread of its own.
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** The one path served. */
    public static final String PATH = "/metrics";
    /** How long a request waits for its address's LOGIN penalty before a 429: Prometheus' default scrape timeout. */
    public static final Duration PENALTY_PATIENCE = Duration.ofSeconds(10);
    /** The challenge of a 401 (RFC 7617). */
    static final String CHALLENGE = "Basic realm=\"Push3\", charset=\"UTF-8\"";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    static {
        SlowClientLimits.apply(); // before this JVM's first HTTP server reads them
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Semaphore permits;

    private MetricsEndpoint(HttpServer server, int maxRequests) {
        this.server = server;
        this.permits = new Semaphore(maxRequests);
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("push3-http-", 1).factory());
        server.setExecutor(executor);
    }

    /**
     * Opens the port: HTTPS with the server's certificate when there is one, else HTTP.
     *
     * @param address where to listen ({@code http.bind}, {@code http.port})
     * @param maxRequests requests served at once ({@code http.max-requests}), at least 1
     * @param tls the server's TLS side, when {@code server.tls.cert} is set
     * @return the endpoint, bound but not serving
     * @throws IOException when the port cannot be bound
     */
    public static MetricsEndpoint bind(InetSocketAddress address, int maxRequests, Optional<ServerTls> tls) throws IOException {
        HttpServer server;
        if (tls.isPresent()) {
            HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(configurator(tls.get()));
            server = https;
        } else {
            server = HttpServer.create(address, 64);
        }
        return new MetricsEndpoint(server, maxRequests);
    }

    private static HttpsConfigurator configurator(ServerTls tls) {
        return new HttpsConfigurator(tls.context()) {
            @Override
            public void configure(HttpsParameters parameters) {
                parameters.setSSLParameters(tls.parameters());
            }
        };
    }

    /**
     * What a request needs from the server.
     *
     * @param collector reads the metrics, as METRICS does
     * @param authenticator checks the credentials, as LOGIN does (and counts them)
     * @param penalty the per-address LOGIN penalty, shared with LOGIN
     * @param settings the settings in force, read per request: {@code auth.failure-delay} (how long a
     *     rejected request waits before its 401) and {@code metrics.timeout}, as CONFIG last set them
     * @param audit where rejected and unavailable logins are recorded
     * @param registry where the endpoint's counters go
     */
    public record Services(MetricsCollector collector, MeasuredAuthenticator authenticator, AuthPenalty penalty,
            Supplier<ServerSettings> settings, Audit audit, MetricRegistry registry) {
    }

    /**
     * Starts serving {@value #PATH}.
     *
     * @param services what requests need; not null
     */
    public void start(Services services) {
        server.createContext("/", new Handler(services, permits, new Counters(services.registry())));
        server.start();
        LOG.info("Prometheus endpoint on {}://{}:{}{}", server instanceof HttpsServer ? "https" : "http",
                server.getAddress().getAddress().getHostAddress(), port(), PATH);
    }

    /** @return the bound port, useful when {@code http.port} asked for 0 */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops at once: open exchanges are closed; calling it again does nothing. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The endpoint's own counters, beside the authenticator's. */
    private record Counters(Counter requests, Counter unauthorized, Counter refused) {
        Counters(MetricRegistry registry) {
            this(registry.counter("push3.http.requests", MetricInfo.counter("Requests to the Prometheus endpoint")),
                    registry.counter("push3.http.unauthorized", MetricInfo.counter(
                            "Requests to the Prometheus endpoint answered 401: no or wrong credentials")),
                    registry.counter("push3.http.refused", MetricInfo.counter(
                            "Requests to the Prometheus endpoint refused with 503 at http.max-requests")));
        }
    }

    /**
     * Serves each exchange on its virtual thread.
     *
     * @param services what a request needs
     * @param permits one per request served at once ({@code http.max-requests})
     * @param counters the endpoint's counters
     */
    private record Handler(Services services, Semaphore permits, Counters counters) implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                counters.requests().increment();
                Optional<Refusal> refusal = Refusal.of(exchange);
                if (refusal.isPresent()) {
                    refusal.get().send(exchange);
                    return;
                }
                Optional<BasicAuthorization> basic = BasicAuthorization.parse(exchange.getRequestHeaders().getFirst("Authorization"));
                if (basic.isEmpty()) {
                    unauthorized(exchange);
                    return;
                }
                login(exchange, basic.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the server is stopping; the exchange is closed
            } catch (RuntimeException | Error e) { // a plugin's or a gauge's failure costs this answer only
                LOG.warn("Prometheus endpoint failed to answer {}: {}", exchange.getRemoteAddress(), e.toString());
                if (exchange.getResponseCode() == -1) {
                    text(exchange, 500, "internal error");
                }
            }
        }

        private void login(HttpExchange exchange, BasicAuthorization basic) throws IOException, InterruptedException {
            InetSocketAddress remote = exchange.getRemoteAddress();
            Optional<AuthPenalty.Turn> turn = services.penalty().await(ClientNetwork.of(remote.getAddress()), PENALTY_PATIENCE);
            if (turn.isEmpty()) {
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(PENALTY_PATIENCE.toSeconds()));
                text(exchange, 429, "too many failed logins from your address, try again later");
                return;
            }
            if (!permits.tryAcquire()) {
                turn.get().close();
                counters.refused().increment();
                exchange.getResponseHeaders().set("Retry-After", "1");
                text(exchange, 503, "too many requests at once, try again later");
                return;
            }
            AuthOutcome outcome;
            try {
                outcome = authenticate(turn.get(), basic, remote);
                if (outcome instanceof AuthOutcome.Accepted) {
                    metrics(exchange);
                    return;
                }
            } finally {
                permits.release();
            }
            if (outcome instanceof AuthOutcome.Unavailable unavailable) {
                LOG.warn("HTTP login for {} could not be checked: {}", basic.user(), unavailable.reason());
                audit(exchange, basic.user(), "unavailable");
                text(exchange, 503, "authentication backend unavailable, try again later");
            } else {
                rejected(exchange, basic.user());
            }
        }

        /** Checks the credentials in the address's turn, raising its penalty when they are wrong. */
        private AuthOutcome authenticate(AuthPenalty.Turn turn, BasicAuthorization basic, InetSocketAddress remote) {
            try (turn) {
                AuthOutcome outcome = services.authenticator().authenticate(
                        new Credentials(basic.user(), basic.password(), Optional.of(remote)), MeasuredAuthenticator.Door.HTTP);
                if (outcome instanceof AuthOutcome.Rejected) {
                    turn.failed();
                }
                return outcome;
            }
        }

        private void rejected(HttpExchange exchange, String user) throws IOException, InterruptedException {
            LOG.info("HTTP login rejected for {} from {}", user, exchange.getRemoteAddress().getAddress().getHostAddress());
            audit(exchange, user, "rejected");
            // The delay slows password guessing, as after a rejected LOGIN; it parks only this virtual thread.
            Thread.sleep(services.settings().get().failureDelay());
            unauthorized(exchange);
        }

        private void metrics(HttpExchange exchange) throws IOException {
            PrometheusFormat format = PrometheusFormat.forAccept(exchange.getRequestHeaders().getFirst("Accept"));
            ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
            format.write(body, PrometheusFamilies.snapshots(services.collector().collect(services.settings().get().metricsTimeout()), services.collector().sourceNames()));
            exchange.getResponseHeaders().set("Content-Type", format.contentType());
            send(exchange, 200, body.toByteArray());
        }

        private void unauthorized(HttpExchange exchange) throws IOException {
            counters.unauthorized().increment();
            exchange.getResponseHeaders().set("WWW-Authenticate", CHALLENGE);
            text(exchange, 401, "credentials required");
        }

        private void audit(HttpExchange exchange, String user, String outcome) {
            Optional<String> tls = exchange instanceof HttpsExchange https
                    ? Optional.of(https.getSSLSession().getProtocol()) : Optional.empty();
            services.audit().record(new Audit.Peer(0, exchange.getRemoteAddress(), tls, Optional.of(user)),
                    Audit.Event.HTTP_LOGIN, outcome);
        }
    }

    /**
     * A request refused before its credentials are read.
     *
     * @param status the HTTP status
     * @param reason the one-line body
     * @param allow the {@code Allow} header of a 405, else empty
     */
    private record Refusal(int status, String reason, Optional<String> allow) {
        static Optional<Refusal> of(HttpExchange exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                return Optional.of(new Refusal(404, "only " + PATH + " is served", Optional.empty()));
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return Optional.of(new Refusal(405, "only GET and HEAD", Optional.of("GET, HEAD")));
            }
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            if ((length != null && !length.strip().equals("0")) || exchange.getRequestHeaders().containsKey("Transfer-Encoding")) {
                return Optional.of(new Refusal(413, "a request to " + PATH + " has no body", Optional.empty()));
            }
            return Optional.empty();
        }

        void send(HttpExchange exchange) throws IOException {
            allow.ifPresent(methods -> exchange.getResponseHeaders().set("Allow", methods));
            text(exchange, status, reason);
        }
    }

    private static void text(HttpExchange exchange, int status, String reason) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        send(exchange, status, (reason + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A HEAD gets the headers only; a GET the body with its length. */
    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
