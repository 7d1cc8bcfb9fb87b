package dev.push3.app.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.push3.app.demo.DemoAuthenticator;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import dev.push3.testkit.RequiresProgram;
import dev.push3.testkit.prometheus.PrometheusServer;
import dev.push3.testkit.prometheus.ScrapeJob;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus (Debian's package) scrapes two real Push3 servers through the
 * exporter, set up with relabel_configs as the blackbox exporter's documentation does, and
 * the test reads the samples back through Prometheus' query API.
 */
@RequiresProgram(value = PrometheusServer.PROGRAM, hint = PrometheusServer.HINT)
class ProbeThroughPrometheusTest {
    @TempDir
    Path dir;

    @Test
    void prometheusProbesTwoPush3ServersThroughTheExporter() throws Exception {
        DemoAuthenticator demo = DemoAuthenticator.withRandomPassword();
        ServerSettings.Builder settings = ServerSettings.builder().port(0).failureDelay(Duration.ZERO).penaltyMax(Duration.ZERO);
        Path modules = Files.writeString(dir.resolve("modules.properties"),
                "module.push3.user=demo\nmodule.push3.password=" + demo.password() + "\n");
        try (Push3Server first = Push3Server.start(settings.bind(InetAddress.getByName("127.0.0.1")).build(), Backends.of("demo", demo));
             Push3Server second = Push3Server.start(settings.bind(InetAddress.getByName("127.0.0.2")).build(), Backends.of("demo", demo));
             ProbeExporter exporter = ProbeExporter.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     ProbeModules.read(modules, new PrintWriter(new StringWriter())), 4)) {
            String firstTarget = "127.0.0.1:" + first.port();
            String secondTarget = "127.0.0.2:" + second.port();
            Files.createDirectories(dir.resolve("prometheus"));
            try (PrometheusServer prometheus = PrometheusServer.start(dir.resolve("prometheus"),
                    ScrapeJob.of("push3-probe", firstTarget, secondTarget).withMetricsPath("/probe")
                            .withParam("module", "push3").viaProber("127.0.0.1:" + exporter.address().getPort()))) {
                List<PrometheusServer.Sample> success = await("both probes in Prometheus").atMost(Duration.ofSeconds(60))
                        .until(() -> prometheus.query("push3_probe_success"), samples -> samples.size() == 2);
                assertThat(success).as(prometheus.targets().toString()).allSatisfy(s -> assertThat(s.value()).isEqualTo(1.0))
                        .extracting(s -> s.labels().get("instance")).containsExactlyInAnyOrder(firstTarget, secondTarget);

                List<PrometheusServer.Sample> logins = prometheus.query(
                        "push3_logins_succeeded{job=\"push3-probe\",instance=\"" + secondTarget + "\"}");
                assertThat(logins).hasSize(1);
                assertThat(logins.getFirst().labels()).containsAllEntriesOf(Map.of("__name__", "push3_logins_succeeded",
                        "instance", secondTarget, "job", "push3-probe"));
                assertThat(logins.getFirst().value()).isGreaterThanOrEqualTo(1.0);
                System.out.println("Prometheus: push3_logins_succeeded{instance=\"" + secondTarget + "\"} -> " + logins);
            }
        }
    }
}
