package dev.push3.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.core.audit.Audit;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.settings.HttpSettings;
import dev.push3.core.settings.ServerSettings;
import dev.push3.testkit.prometheus.PromTool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GET /metrics over real sockets with the JDK's HTTP client: basic authentication, both formats, the limits. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrometheusEndpointTest {
    static final String OPENMETRICS_ACCEPT = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5";

    private final UsersAuthenticator users = new UsersAuthenticator(Map.of("alice", "secret"));
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private Push3Server server;

    private Push3Server start(UnaryOperator<ServerSettings.Builder> settings, Backends backends) throws IOException {
        ServerSettings.Builder builder = ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .failureDelay(Duration.ZERO).penaltyMax(Duration.ZERO).http(HttpSettings.loopback(0));
        server = Push3Server.start(settings.apply(builder).build(), backends, new MetricRegistry(),
                new Audit(Clock.systemUTC(), audit::add));
        return server;
    }

    private Push3Server start() throws IOException {
        return start(b -> b, Backends.of("test", users));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void withoutOrWithWrongCredentialsA401WithAChallengeAndNeverTheMetrics() throws Exception {
        start();
        for (HttpRequest.Builder request : List.of(get(), get().header("Authorization", basic("alice", "wrong")),
                get().header("Authorization", basic("mallory", "secret")), get().header("Authorization", "Basic !!!"),
                get().header("Authorization", "Bearer abc"))) {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"Push3\", charset=\"UTF-8\"");
            assertThat(response.body()).isEqualTo("credentials required\n").doesNotContain("push3_");
        }
        assertThat(audit).hasSize(2).allSatisfy(line -> assertThat(line)
                .contains("\"event\":\"http_login\",\"outcome\":\"rejected\"", "\"remote\":\"127.0.0.1\"", "\"tls\":null"));
        assertThat(audit.get(0)).contains("\"user\":\"alice\"");
        assertThat(audit.get(1)).contains("\"user\":\"mallory\"");
        assertThat(server.registry().snapshot().get("push3.http.unauthorized")).contains(java.math.BigDecimal.valueOf(5));
    }

    @Test
    void withCredentialsThePrometheusTextFormatWithTypesHelpAndOneSourceUpFamily() throws Exception {
        start();
        HttpResponse<String> response = http.send(get().header("Authorization", basic("alice", "secret")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("""
                # HELP push3_logins_succeeded_total LOGINs accepted
                # TYPE push3_logins_succeeded_total counter
                push3_logins_succeeded_total 0.0
                """, """
                # TYPE push3_source_up gauge
                push3_source_up{source="inprocess"} 1.0
                """, """
                # TYPE push3_bytes_in_bytes_total counter
                """, """
                # TYPE push3_uptime_seconds gauge
                """, "# TYPE push3_http_logins_succeeded_total counter\npush3_http_logins_succeeded_total 1.0\n",
                "# TYPE push3_http_requests_total counter\n")
                .doesNotContain("inprocess_up");
        assertThat(response.body().lines().filter(line -> line.startsWith("# TYPE ") && line.endsWith(" counter")))
                .isNotEmpty().allSatisfy(line -> assertThat(line.split(" ")[2]).endsWith("_total"));
        // promtool's lints pass: microseconds are published in seconds, without a doubled _total.
        assertThat(PromTool.checkMetrics(response.body())).isEmpty();
        assertThat(response.body()).contains("# TYPE push3_auth_test_latency_seconds_total counter\n",
                "# TYPE push3_auth_test_latency_max_seconds gauge\n").doesNotContain("_us")
                .doesNotContain("microsecond"); // nor does a help text say so of a value in seconds
    }

    @Test
    void openMetricsWhenTheAcceptHeaderAsksForIt() throws Exception {
        start();
        HttpResponse<String> response = http.send(get().header("Authorization", basic("alice", "secret"))
                .header("Accept", OPENMETRICS_ACCEPT).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .contains("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.body()).contains("""
                # TYPE push3_logins_succeeded counter
                # HELP push3_logins_succeeded LOGINs accepted
                push3_logins_succeeded_total 0.0
                """, """
                # TYPE push3_uptime_seconds gauge
                # UNIT push3_uptime_seconds seconds
                """).endsWith("# EOF\n");
    }

    @Test
    void openMetricsWithQualityZeroIsNotAcceptableSoThePrometheusTextFormat() throws Exception {
        start();
        for (String accept : List.of("application/openmetrics-text;q=0", "application/openmetrics-text; version=1.0.0; q=0.0, "
                + "text/plain;version=0.0.4")) {
            HttpResponse<String> response = http.send(get().header("Authorization", basic("alice", "secret"))
                    .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("Content-Type")).as(accept).contains("text/plain; version=0.0.4; charset=utf-8");
            assertThat(response.body()).doesNotContain("# EOF");
        }
        assertThat(http.send(get().header("Authorization", basic("alice", "secret"))
                .header("Accept", "text/plain;q=0.5, application/openmetrics-text;q=0.1").build(),
                HttpResponse.BodyHandlers.ofString()).body()).endsWith("# EOF\n");
    }

    @Test
    void aWrongPasswordCountsIntoTheAddressesLoginPenalty() throws Exception {
        start(b -> b.penaltyMax(Duration.ofSeconds(15)), Backends.of("test", users));
        assertThat(server.registry().snapshot().get("push3.auth.penalized_addresses")).contains(java.math.BigDecimal.ZERO);

        HttpResponse<String> wrong = http.send(get().header("Authorization", basic("alice", "wrong")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(server.registry().snapshot().get("push3.auth.penalized_addresses")).contains(java.math.BigDecimal.ONE);
        try (WireClient c = new WireClient(server.port())) {
            long start = System.nanoTime();
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("LOGIN from the same address waits its penalty")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        }
    }

    @Test
    void anUnavailableAuthenticatorIsA503AndAudited() throws Exception {
        start();
        users.down.set(true);

        HttpResponse<String> response = http.send(get().header("Authorization", basic("alice", "secret")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).doesNotContain("push3_");
        assertThat(audit).singleElement().asString().contains("\"event\":\"http_login\",\"outcome\":\"unavailable\"");
    }

    @Test
    void otherPathsMethodsAndBodiesAreRefusedBeforeTheCredentials() throws Exception {
        start();
        String auth = basic("alice", "secret");
        URI other = URI.create("http://127.0.0.1:" + server.httpPort().orElseThrow() + "/");

        assertThat(http.send(HttpRequest.newBuilder(other).header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(get().header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(http.send(get().header("Authorization", auth).method("GET", HttpRequest.BodyPublishers.ofString("x".repeat(100)))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
        assertThat(users.checks).as("no credentials checked").hasValue(0);
    }

    @Test
    void beyondMaxRequestsA503AtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        MetricsSource slow = () -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return MetricsSnapshot.empty();
        };
        start(b -> b.http(new HttpSettings(java.util.OptionalInt.of(0), InetAddress.getLoopbackAddress(), 1)),
                Backends.of("test", users).withSource("slow", slow));
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(get().header("Authorization", basic("alice", "secret"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> second = http.send(get().header("Authorization", basic("alice", "secret")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.headers().firstValue("Retry-After")).contains("1");
        release.countDown();
        assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(first.get().body()).contains("push3_source_up{source=\"slow\"} 1.0");
    }

    @Test
    void offLoopbackPlainHttpIsRefusedAsLoginInClearTextIs() {
        assertThatThrownBy(() -> ServerSettings.fromConfig(PluginConfig.of(Map.of("http.port", "9154", "http.bind", "192.0.2.1"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("http.bind: HTTP basic authentication must be protected by TLS on 192.0.2.1, which is not a"
                        + " loopback address: set server.tls.cert and server.tls.key (or server.tls.required=false on a"
                        + " network you trust)");
        assertThat(ServerSettings.fromConfig(PluginConfig.of(Map.of("http.port", "9154", "http.bind", "192.0.2.1",
                "server.tls.required", "false"))).http().bind().getHostAddress())
                .as("the operator's server.tls.required=false allows it, as for LOGIN").isEqualTo("192.0.2.1");
        assertThat(ServerSettings.fromConfig(PluginConfig.empty()).http().enabled()).as("off by default").isFalse();
        HttpSettings loopback = ServerSettings.fromConfig(PluginConfig.of(Map.of("http.port", "9154"))).http();
        assertThat(loopback.bind().isLoopbackAddress()).isTrue();
        assertThat(loopback.maxRequests()).isEqualTo(HttpSettings.DEFAULT_MAX_REQUESTS);
        assertThatThrownBy(() -> ServerSettings.fromConfig(PluginConfig.of(Map.of("http.port", "2254"))))
                .hasMessage("http.port: must differ from server.port, both were 2254");
        assertThatThrownBy(() -> ServerSettings.fromConfig(PluginConfig.of(Map.of("http.port", "9154", "http.bind", "localhost"))))
                .hasMessage("http.bind: must be an IP address such as 127.0.0.1 or ::1, was 'localhost'");
    }

    private HttpRequest.Builder get() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort().orElseThrow() + "/metrics"))
                .timeout(Duration.ofSeconds(20));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRequestWhoseHeadersNeverEndIsClosedWithinTheRequestTimeLimit() throws Exception {
        start();
        try (java.net.Socket slow = new java.net.Socket(InetAddress.getLoopbackAddress(), server.httpPort().orElseThrow())) {
            slow.setSoTimeout(40_000); // a generous bound: without the limit the server never closes
            long start = System.nanoTime();
            slow.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a".getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII)); // and the headers never end
            slow.getOutputStream().flush();
            assertThat(slow.getInputStream().read()).isEqualTo(-1); // the server closed it
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
        // Others are still served.
        assertThat(http.send(get().header("Authorization", basic("alice", "secret")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
