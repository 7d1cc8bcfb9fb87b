package dev.push3.app.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.ConfigException;
import dev.push3.app.demo.DemoAuthenticator;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /probe} over real HTTP against real Push3 servers on loopback, in this JVM. */
class ProbeExporterTest {
    @TempDir
    Path dir;

    private final DemoAuthenticator demo = DemoAuthenticator.withRandomPassword();
    private final List<AutoCloseable> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private ProbeExporter exporter;
    private Push3Server first;
    private Push3Server second;

    @BeforeEach
    void start() throws IOException {
        first = server("127.0.0.1");
        second = server("127.0.0.2");
        Path password = Files.writeString(dir.resolve("demo.password"), demo.password() + "\n");
        Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path modules = Files.writeString(dir.resolve("modules.properties"), String.join("\n",
                "module.push3.user=demo", "module.push3.password-file=" + password, "module.push3.timeout=5s",
                "module.wrong.user=demo", "module.wrong.password=wrong-Secret-7", ""));
        exporter = ProbeExporter.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ProbeModules.read(modules, new PrintWriter(new StringWriter())), 4);
        running.add(exporter);
    }

    private Push3Server server(String address) throws IOException {
        Push3Server server = Push3Server.start(ServerSettings.builder().bind(InetAddress.getByName(address)).port(0)
                .failureDelay(Duration.ZERO).penaltyMax(Duration.ZERO).build(), Backends.of("demo", demo));
        running.add(server);
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
    }

    private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.address().getPort()
                + pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aProbeAnswersWithTheTargetsMetricsAndSuccess1() throws Exception {
        HttpResponse<String> response = get("/probe?target=127.0.0.2:" + second.port() + "&module=push3");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("# TYPE push3_probe_success gauge\npush3_probe_success 1.0\n",
                "# TYPE push3_probe_duration_seconds gauge\n", "# TYPE push3_logins_succeeded untyped\npush3_logins_succeeded 1.0\n",
                "push3_source_up{source=\"inprocess\"} 1.0\n").doesNotContain(demo.password());
        // The other server saw no login: the probe went where the target said.
        assertThat(get("/probe?target=127.0.0.1:" + first.port() + "&module=push3").body()).contains("push3_logins_succeeded 1.0\n");
    }

    @Test
    void anUnreachableTargetOrARefusedLoginIs200WithSuccess0() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        HttpResponse<String> unreachable = get("/probe?target=127.0.0.1:" + closed + "&module=push3");
        assertThat(unreachable.statusCode()).isEqualTo(200);
        assertThat(unreachable.body()).contains("push3_probe_success 0.0\n").doesNotContain("push3_logins");

        HttpResponse<String> refused = get("/probe?target=127.0.0.1:" + first.port() + "&module=wrong");
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("push3_probe_success 0.0\n").doesNotContain("wrong-Secret-7");
    }

    @Test
    void aSilentTargetIsCutAtPrometheusScrapeTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread.ofVirtual().start(() -> {
                try {
                    accepted.add(silent.accept()); // accepts, never answers
                } catch (IOException e) {
                    // closed by the test
                }
            });
            HttpResponse<String> response = get("/probe?target=127.0.0.1:" + silent.getLocalPort() + "&module=push3",
                    "X-Prometheus-Scrape-Timeout-Seconds", "2");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("push3_probe_success 0.0\n");
            double seconds = Double.parseDouble(response.body().lines()
                    .filter(l -> l.startsWith("push3_probe_duration_seconds ")).findFirst().orElseThrow().split(" ")[1]);
            // Module timeout 5 s; scrape timeout 2 s less blackbox's 0.5 s margin: 1.5 s.
            assertThat(seconds).isBetween(1.4, 2.0);
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void probesBeyondTheLimitWaitForASlotAndGet503WhenNoneFreesInTime() throws Exception {
        try (ProbeExporter single = ProbeExporter.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ProbeModules.read(dir.resolve("modules.properties"), new PrintWriter(new StringWriter())), 1);
             ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch accepted = new CountDownLatch(1);
            List<Socket> held = new ArrayList<>();
            Thread.ofVirtual().start(() -> {
                try {
                    held.add(silent.accept()); // the first probe holds the only slot until its deadline
                    accepted.countDown();
                } catch (IOException e) {
                    // closed by the test
                }
            });
            String base = "http://127.0.0.1:" + single.address().getPort() + "/probe?module=push3&target=127.0.0.1:";
            var holding = http.sendAsync(HttpRequest.newBuilder(URI.create(base + silent.getLocalPort()))
                    .header("X-Prometheus-Scrape-Timeout-Seconds", "4").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.await(30, TimeUnit.SECONDS)).isTrue();
            HttpResponse<String> second = http.send(HttpRequest.newBuilder(URI.create(base + first.port()))
                    .header("X-Prometheus-Scrape-Timeout-Seconds", "1").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.body()).isEqualTo("too many probes at once (--max-concurrent-probes=1)\n");
            assertThat(holding.get(30, TimeUnit.SECONDS).body()).contains("push3_probe_success 0.0\n");
            // The slot is free again: the next probe runs.
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + first.port())).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("push3_probe_success 1.0\n");
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aMissingTargetOrAnUnknownModuleIs400WithAClearText() throws Exception {
        HttpResponse<String> noTarget = get("/probe?module=push3");
        assertThat(noTarget.statusCode()).isEqualTo(400);
        assertThat(noTarget.body()).isEqualTo("target parameter is missing: /probe?target=HOST:PORT&module=NAME\n");
        HttpResponse<String> unknown = get("/probe?target=127.0.0.1:" + first.port() + "&module=nagios");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo("unknown module 'nagios'; modules: push3, wrong\n");
        HttpResponse<String> noModule = get("/probe?target=127.0.0.1:" + first.port());
        assertThat(noModule.statusCode()).isEqualTo(400);
        assertThat(noModule.body()).startsWith("module parameter is missing");
        assertThat(get("/probe?target=127.0.0.1:99999&module=push3").body())
                .isEqualTo("target '127.0.0.1:99999': the port must be between 1 and 65535\n");
        assertThat(get("/metrics").statusCode()).isEqualTo(404);
    }

    @Test
    void theProbeDeadlineIsTheModulesTimeoutOrTheScrapeTimeoutLessAMargin() {
        ProbeModule module = new ProbeModule("m", "u", "p", dev.push3.core.client.ClientTls.none(), Duration.ofSeconds(5),
                java.util.Optional.empty());
        assertThat(ProbeHandler.deadline(module, null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(ProbeHandler.deadline(module, "10")).isEqualTo(Duration.ofSeconds(5));
        assertThat(ProbeHandler.deadline(module, "3")).isEqualTo(Duration.ofMillis(2500));
        assertThat(ProbeHandler.deadline(module, "1")).isEqualTo(Duration.ofMillis(750));
        assertThat(ProbeHandler.deadline(module, "soon")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theModulesFileIsCheckedAtStartNamingTheKeyAndTheNearestKnownOne() throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.properties"), "module.a.user=demo\nmodule.a.pasword=x\n");
        assertThatThrownBy(() -> ProbeModules.read(typo, new PrintWriter(new StringWriter())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("module.a.pasword: unknown key at typo.properties line 2; did you mean module.a.password?");
        Path both = Files.writeString(dir.resolve("both.properties"),
                "module.a.user=demo\nmodule.a.password=x\nmodule.a.password-file=/nonexistent\n");
        assertThatThrownBy(() -> ProbeModules.read(both, new PrintWriter(new StringWriter())))
                .hasMessage("module.a.password-file: give exactly one of module.a.password and module.a.password-file (both are set)");
        Path missing = dir.resolve("absent.password");
        Path noFile = Files.writeString(dir.resolve("nofile.properties"), "module.a.user=demo\nmodule.a.password-file=" + missing + "\n");
        assertThatThrownBy(() -> ProbeModules.read(noFile, new PrintWriter(new StringWriter())))
                .hasMessage("module.a.password-file: cannot read " + missing + ": no such file");
        Path clearCa = Files.writeString(dir.resolve("ca.properties"), "module.a.user=d\nmodule.a.password=x\nmodule.a.cafile=ca.pem\n");
        assertThatThrownBy(() -> ProbeModules.read(clearCa, new PrintWriter(new StringWriter())))
                .hasMessage("module.a.cafile: needs module.a.starttls or module.a.tls");
        assertThat(ProbeModules.read(Files.writeString(dir.resolve("ok.properties"),
                "module.a.user=d\nmodule.a.password=secret-9\n"), new PrintWriter(new StringWriter())).get("a").toString())
                .doesNotContain("secret-9");
    }

    @Test
    void valuesPrometheusCannotCarryAreLeftOutCountedAndLoggedOnceAndTheProbeStillAnswers200() throws Exception {
        String sixtyDigits = "1" + "0".repeat(59);
        try (FakePush3Server target = new FakePush3Server("127.0.0.3",
                "big=1e999 huge=" + sixtyDigits + " push3.logins.succeeded=3");
             LogLines log = LogLines.start()) {
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> response = get("/probe?target=127.0.0.3:" + target.port() + "&module=push3");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("push3_probe_success 1.0\n", "push3_probe_metrics_left_out 2.0\n",
                        "push3_logins_succeeded 3.0\n").doesNotContain("big", "huge");
            }
            assertThat(log.lines()).filteredOn(l -> l.contains("left out 2 metrics")).hasSize(1).first().asString()
                    .contains("127.0.0.3:" + target.port(), "module push3", "first big");
        }
    }

    @Test
    void aModuleWithTargetsRefusesAnyOtherTargetAndSendsItNothing() throws Exception {
        try (FakePush3Server harvester = new FakePush3Server("127.0.0.3", "push3.up=1");
             LogLines log = LogLines.start()) {
            Path modules = Files.writeString(dir.resolve("listed.properties"), String.join("\n",
                    "module.listed.user=demo", "module.listed.password-file=" + dir.resolve("demo.password"),
                    "module.listed.targets=127.0.0.2:" + second.port() + ", LOCALHOST:2254",
                    "module.open.user=demo", "module.open.password=open-Secret-4", ""));
            try (ProbeExporter listed = ProbeExporter.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    ProbeModules.read(modules, new PrintWriter(new StringWriter())), 4)) {
                String base = "http://127.0.0.1:" + listed.address().getPort() + "/probe?module=listed&target=";
                HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "127.0.0.3:" + harvester.port()))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(400);
                assertThat(refused.body()).isEqualTo("target not allowed for module listed\n");
                assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "127.0.0.2:" + second.port())).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).contains("push3_probe_success 1.0\n");
            }
            // The refused probe never connected: the listener saw no connection (the allowed one went to 127.0.0.2).
            assertThat(harvester.connections()).isZero();
            assertThat(harvester.received()).isEmpty();
            assertThat(log.lines()).filteredOn(l -> l.startsWith("WARN") && l.contains("no module.NAME.targets"))
                    .containsExactly("WARN Modules [open] have no module.NAME.targets: anyone who can reach /probe can make "
                            + "them log in to any host and port, their own listener included, and read the password; "
                            + "list the targets (docs/MONITORING.md, Security)");
        }
        Path bad = Files.writeString(dir.resolve("bad.properties"), "module.a.user=d\nmodule.a.password=x\nmodule.a.targets=h:1,h:x\n");
        assertThatThrownBy(() -> ProbeModules.read(bad, new PrintWriter(new StringWriter())))
                .hasMessage("module.a.targets: target 'h:x' is not HOST:PORT; write HOST:PORT,HOST:PORT,...");
    }

    @Test
    void aModuleTimeoutBeyondADayIsRefusedAtStartNotAtEveryProbe() throws IOException {
        Path long_ = Files.writeString(dir.resolve("long.properties"), "module.a.user=d\nmodule.a.password=x\nmodule.a.timeout=30d\n");
        assertThatThrownBy(() -> ProbeModules.read(long_, new PrintWriter(new StringWriter())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("module.a.timeout: must be more than 0 and at most 24h, for example 5s; was 30d");
    }

    @Test
    @dev.push3.testkit.RequiresProgram(value = dev.push3.testkit.prometheus.PromTool.PROGRAM, hint = "apt-get install prometheus")
    void theProbesAnswerPassesPromtoolsChecks() throws Exception {
        HttpResponse<String> response = get("/probe?target=127.0.0.2:" + second.port() + "&module=push3");
        assertThat(response.body()).contains("push3_probe_success 1.0\n", "# HELP push3_logins_succeeded ");
        assertThat(dev.push3.testkit.prometheus.PromTool.checkMetrics(response.body())).isEmpty();
    }
}
