package dev.push3.core.server;

import static dev.push3.core.server.PrometheusEndpointTest.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.push3.core.audit.Audit;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.settings.HttpSettings;
import dev.push3.core.settings.ServerSettings;
import dev.push3.testkit.OpenSsl;
import dev.push3.testkit.RequiresProgram;
import dev.push3.testkit.prometheus.PrometheusServer.Sample;
import dev.push3.testkit.prometheus.PrometheusServer;
import dev.push3.testkit.prometheus.ScrapeJob;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint over HTTPS with the server's certificate (made with openssl), and scraped by a
 * real Prometheus (Debian's package) whose samples are read back through its query API.
 */
@RequiresProgram(value = "openssl", hint = "apt-get install openssl")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PrometheusScrapeTest {
    private static final Duration SCRAPED = Duration.ofSeconds(60);

    private final UsersAuthenticator users = new UsersAuthenticator(Map.of("alice", "secret"));
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private Push3Server server;

    private Push3Server startTls(TlsFiles files) throws IOException {
        server = Push3Server.start(ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .failureDelay(Duration.ZERO).penaltyMax(Duration.ZERO).tls(files.settings(false))
                .http(HttpSettings.loopback(0)).build(), Backends.of("test", users), new MetricRegistry(),
                new Audit(Clock.systemUTC(), audit::add));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void httpsWithTheServersCertificateAndItsReload(@TempDir Path dir) throws Exception {
        TlsFiles files = TlsFiles.create(dir);
        startTls(files);
        SSLContext trusting = files.clientContext(false);
        HttpClient https = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> ok = https.send(get("https", "localhost").header("Authorization", basic("alice", "secret")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = https.send(get("https", "localhost").header("Authorization", basic("alice", "nope")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("push3_tls_cert_expiry_seconds ", "push3_source_up{source=\"inprocess\"} 1.0");
        assertThat(ok.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(audit).singleElement().asString().contains("\"event\":\"http_login\",\"outcome\":\"rejected\"",
                "\"tls\":\"TLSv1.3\"", "\"user\":\"alice\"");
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(get("http", "127.0.0.1").build(),
                HttpResponse.BodyHandlers.ofString())).as("no clear-text HTTP on the HTTPS port").isInstanceOf(IOException.class);

        OpenSsl.ecKey(dir, "next-key.pem");
        OpenSsl.signed(dir, "next-key.pem", "next-cert.pem", "renewed", "subjectAltName=DNS:localhost");
        Files.move(dir.resolve("next-key.pem"), files.key(), StandardCopyOption.REPLACE_EXISTING);
        Files.move(dir.resolve("next-cert.pem"), files.certificate(), StandardCopyOption.REPLACE_EXISTING);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            // A new client each time: a new connection, a new handshake.
            HttpClient fresh = HttpClient.newBuilder().sslContext(trusting).build();
            HttpResponse<String> renewed = fresh.send(get("https", "localhost").header("Authorization", basic("alice", "secret"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            X509Certificate served = (X509Certificate) renewed.sslSession().orElseThrow().getPeerCertificates()[0];
            assertThat(served.getSubjectX500Principal().getName()).isEqualTo("CN=renewed");
        });
    }

    @Test
    @RequiresProgram(value = PrometheusServer.PROGRAM, hint = PrometheusServer.HINT)
    void aRealPrometheusScrapesOverHttpsWithBasicAuthAndStoresTypedSamples(@TempDir Path dir) throws Exception {
        TlsFiles files = TlsFiles.create(Files.createDirectories(dir.resolve("tls")));
        startTls(files);
        try (WireClient c = new WireClient(server.port())) {
            c.request("STLS");
            c.startTls(files.clientContext(false));
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
        }
        String target = "127.0.0.1:" + server.httpPort().orElseThrow();
        Path promDir = Files.createDirectories(dir.resolve("prometheus"));
        try (PrometheusServer prometheus = PrometheusServer.start(promDir,
                ScrapeJob.of("push3", target).withTls(files.ca(), "localhost").withBasicAuth("alice", "secret"),
                ScrapeJob.of("push3-wrong", target).withTls(files.ca(), "localhost").withBasicAuth("alice", "wrong"))) {
            List<Sample> logins = await().atMost(SCRAPED).pollInterval(Duration.ofMillis(250))
                    .until(() -> prometheus.query("push3_logins_succeeded_total{job=\"push3\"}"), found -> !found.isEmpty());

            assertThat(logins).singleElement().satisfies(sample -> {
                assertThat(sample.value()).isEqualTo(1.0);
                assertThat(sample.labels()).containsEntry("instance", target);
            });
            assertThat(prometheus.query("push3_source_up{job=\"push3\"}")).singleElement().satisfies(sample -> {
                assertThat(sample.labels()).containsEntry("source", "inprocess");
                assertThat(sample.value()).isEqualTo(1.0);
            });
            assertThat(prometheus.query("push3_uptime_seconds{job=\"push3\"} >= 0")).hasSize(1);
            assertThat(prometheus.metadata("push3_logins_succeeded"))
                    .contains(new PrometheusServer.Metadata("counter", "LOGINs accepted", ""));
            assertThat(prometheus.metadata("push3_uptime_seconds"))
                    .contains(new PrometheusServer.Metadata("gauge", "Time since the Push3 server started", "seconds"));
            await().atMost(SCRAPED).untilAsserted(() -> assertThat(prometheus.targets())
                    .filteredOn(t -> t.job().equals("push3-wrong")).singleElement()
                    .satisfies(t -> assertThat(t.lastError()).contains("401")));
            assertThat(prometheus.query("up{job=\"push3-wrong\"}")).singleElement()
                    .satisfies(sample -> assertThat(sample.value()).isZero());
            assertThat(prometheus.query("{job=\"push3-wrong\", __name__=~\"push3_.*\"}")).as("never the metrics").isEmpty();
        }
    }

    private HttpRequest.Builder get(String scheme, String host) {
        return HttpRequest.newBuilder(URI.create(scheme + "://" + host + ":" + server.httpPort().orElseThrow() + "/metrics"))
                .timeout(Duration.ofSeconds(20));
    }
}
