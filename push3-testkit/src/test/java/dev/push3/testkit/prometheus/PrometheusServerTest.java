package dev.push3.testkit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpServer;
import dev.push3.testkit.RequiresProgram;
import dev.push3.testkit.prometheus.PrometheusServer.Sample;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Prometheus scrapes a real HTTP endpoint with basic authentication and query parameters, and its samples read back. */
@RequiresProgram(value = PrometheusServer.PROGRAM, hint = PrometheusServer.HINT)
class PrometheusServerTest {
    private HttpServer endpoint;

    @BeforeEach
    void startEndpoint() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endpoint.createContext("/probe", exchange -> {
            byte[] body = ("# TYPE fixture_requests counter\nfixture_requests_total{query=\""
                    + exchange.getRequestURI().getRawQuery() + "\"} 42\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }).setAuthenticator(new BasicAuthenticator("fixture") {
            @Override
            public boolean checkCredentials(String username, String password) {
                return username.equals("alice") && password.equals("s3cret \"quoted\"");
            }
        });
        endpoint.start();
    }

    @AfterEach
    void stopEndpoint() {
        endpoint.stop(0);
    }

    @Test
    void scrapesWithBasicAuthAndParamsAndAnswersQueries(@TempDir Path dir) throws IOException {
        String target = "127.0.0.1:" + endpoint.getAddress().getPort();
        try (PrometheusServer prometheus = PrometheusServer.start(dir,
                ScrapeJob.of("fixture", target).withMetricsPath("/probe").withParam("target", "a:1")
                        .withParam("module", "m").withBasicAuth("alice", "s3cret \"quoted\""),
                ScrapeJob.of("refused", target).withMetricsPath("/probe").withBasicAuth("alice", "wrong"))) {
            List<Sample> samples = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> prometheus.query("fixture_requests_total"), found -> !found.isEmpty());

            assertThat(samples).singleElement().satisfies(sample -> {
                assertThat(sample.value()).isEqualTo(42.0);
                assertThat(sample.labels()).containsEntry("job", "fixture").containsEntry("instance", target)
                        .containsEntry("query", "module=m&target=a%3A1");
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(prometheus.targets())
                    .filteredOn(t -> t.job().equals("refused")).singleElement()
                    .satisfies(t -> assertThat(t.lastError()).contains("401")));
            assertThat(prometheus.query("up{job=\"refused\"}")).singleElement()
                    .satisfies(sample -> assertThat(sample.value()).isZero());
            assertThat(prometheus.query("scalar(vector(1.5))")).singleElement()
                    .satisfies(sample -> assertThat(sample.value()).isEqualTo(1.5));
            assertThatThrownBy(() -> prometheus.query("up{")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("bad_data");
        }
    }
}
