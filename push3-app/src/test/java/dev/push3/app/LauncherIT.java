package dev.push3.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.push3.core.client.Push3Client;
import dev.push3.core.wire.Reply;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code bin/push3} launcher, as a user runs it: a separate process on the
 * module path (Guice, log4j and the plugins as modules), stopped with SIGTERM.
 */
class LauncherIT {
    private static final Pattern EXPORTER_LISTENING = Pattern.compile("Push3 exporter listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void servesOnTheModulePathAndShutsDownGracefullyOnSigterm() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "# operators\nalice:{PLAIN}secret\n");
        try (Push3Process push3 = Push3Process.launch("serve", "--users", users.toString(), "--port", "0")) {
            int port = push3.awaitPort();

            Push3Client open = Push3Client.connect("127.0.0.1", port, Duration.ofSeconds(10));
            try (Push3Client client = Push3Client.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
                assertThat(client.login("alice", "secret")).isEqualTo(new Reply.Success("logged in"));
                assertThat(client.metrics()).containsEntry("push3.logins.succeeded", BigDecimal.ONE)
                        .containsEntry("push3.connections.current", new BigDecimal(2));
                assertThat(client.send("FINISH")).isEqualTo(new Reply.Success("bye"));
            }
            assertThat(open.login("alice", "secret").success()).isTrue();

            push3.sigterm();
            assertThat(open.receive()).isEqualTo(new Reply.Fail("server shutting down"));
            push3.awaitExit(Duration.ofSeconds(60)); // the first stop also writes the start-up cache
            assertThat(push3.stderr()).contains("Authenticator 'file' from module dev.push3.auth.file", "Push3 stopped")
                    .doesNotContain("secret");
            open.close();
        }
    }

    /**
     * The start-up cache (a JDK AOT cache): made after the first {@code serve} stopped, the
     * next one maps it and leaves it as it is; neither shows the JVM's cache notices (the
     * recording run's "AOTConfiguration recorded" line included, which no -Xlog option turns off).
     */
    @Test
    void theFirstServeLeavesAStartUpCacheThatTheNextOneUses() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}secret\n");
        Path cacheDir = dir.resolve("cache");
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.keySet().removeIf(name -> name.startsWith("PUSH3_"));
        environment.put("PUSH3_CACHE_DIR", cacheDir.toString());
        FileTime made = null;
        for (int run = 1; run <= 2; run++) {
            try (Push3Process push3 = Push3Process.launch(Push3Process.DIST.resolve("bin/push3"), environment,
                    "serve", "--users", users.toString(), "--port", "0")) {
                try (Push3Client client = Push3Client.connect("127.0.0.1", push3.awaitPort(), Duration.ofSeconds(10))) {
                    assertThat(client.login("alice", "secret")).isEqualTo(new Reply.Success("logged in"));
                }
                push3.sigterm();
                assertThat(push3.awaitExit(Duration.ofSeconds(90))).as("exit status of run %d", run).isEqualTo(143);
                assertThat(push3.stdout()).doesNotContain("[warning]", "[error", "AOTConfiguration");
            }
            List<Path> caches;
            try (Stream<Path> files = Files.list(cacheDir)) {
                caches = files.toList();
            }
            assertThat(caches).as("after run %d", run).singleElement()
                    .satisfies(cache -> assertThat(cache.getFileName().toString()).matches("push3-serve-"
                            + java.util.regex.Pattern.quote(System.getProperty("push3.version", "missing")) + "-\\d+\\.aot"));
            FileTime modified = Files.getLastModifiedTime(caches.getFirst());
            if (made != null) {
                assertThat(modified).as("the cache was used, not made again").isEqualTo(made);
            }
            made = modified;
        }
    }

    @Test
    void theImagesExporterProbesAServerAndItsCheckPrintsOneStatusLine() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}secret\n");
        Path modules = Files.writeString(dir.resolve("modules.properties"), "module.push3.user=alice\nmodule.push3.password=secret\n");
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.keySet().removeIf(name -> name.startsWith("PUSH3_"));
        environment.put("PUSH3_PASSWORD", "secret");
        try (Push3Process server = Push3Process.launch("serve", "--users", users.toString(), "--port", "0");
             Push3Process exporter = Push3Process.launch("exporter", "--modules", modules.toString(), "--listen", "127.0.0.1:0")) {
            int port = server.awaitPort();
            Matcher listening = await("the exporter's listening line").atMost(Duration.ofSeconds(60))
                    .until(() -> EXPORTER_LISTENING.matcher(exporter.stderr()), Matcher::find);
            HttpResponse<String> probe = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + listening.group(1) + "/probe?module=push3&target=127.0.0.1:" + port)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(probe.statusCode()).isEqualTo(200);
            assertThat(probe.body()).contains("push3_probe_success 1.0\n", "push3_logins_succeeded 1.0\n");

            try (Push3Process check = Push3Process.launch(Push3Process.DIST.resolve("bin/push3"), environment, "check",
                    "-p", Integer.toString(port), "-u", "alice", "-m", "push3.logins.succeeded", "-w", "~:0", "-c", "~:5")) {
                assertThat(check.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
                assertThat(check.stdout()).matches("PUSH3 WARNING - push3\\.logins\\.succeeded is 2 \\(warning ~:0\\) \\| "
                        + "push3\\.logins\\.succeeded=2;~:0;~:5;; time=[0-9.]+s;;;0;\n");
            }
            try (Push3Process check = Push3Process.launch("check", "-p", Integer.toString(port), "-u", "alice", "--bogus")) {
                assertThat(check.awaitExit(Duration.ofSeconds(60))).isEqualTo(3);
                assertThat(check.stdout()).isEqualTo("PUSH3 UNKNOWN - bad usage: Unknown option: '--bogus'\n");
            }
            // SIGTERM: the exporter's last record is written before the JVM halts (log4j is asynchronous).
            exporter.signal("TERM");
            assertThat(exporter.awaitExit(Duration.ofSeconds(60))).isEqualTo(143);
            assertThat(exporter.stderr()).contains("Push3 exporter stopping");
        }
    }

    @Test
    void theImagesExporterClosesARequestWhoseHeadersNeverEnd() throws Exception {
        Path modules = Files.writeString(dir.resolve("modules.properties"),
                "module.push3.user=alice\nmodule.push3.password=secret\nmodule.push3.targets=127.0.0.1:1\n");
        try (Push3Process exporter = Push3Process.launch("exporter", "--modules", modules.toString(), "--listen", "127.0.0.1:0")) {
            Matcher listening = await("the exporter's listening line").atMost(Duration.ofSeconds(60))
                    .until(() -> EXPORTER_LISTENING.matcher(exporter.stderr()), Matcher::find);
            try (Socket slow = new Socket("127.0.0.1", Integer.parseInt(listening.group(1)))) {
                slow.setSoTimeout(60_000); // a generous bound: without a request time limit the exporter never closes
                long start = System.nanoTime();
                slow.getOutputStream().write("GET /probe HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a".getBytes(StandardCharsets.US_ASCII));
                slow.getOutputStream().flush(); // and the headers never end
                assertThat(slow.getInputStream().read()).isEqualTo(-1);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(40));
            }
        }
    }

    @Test
    void versionPrintsTheVersionOfTheBuild() throws Exception {
        try (Push3Process push3 = Push3Process.launch("--version")) {
            assertThat(push3.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(push3.stdout()).isEqualTo("push3 " + System.getProperty("push3.version") + "\n");
        }
    }

    @Test
    void aConfigurationErrorExitsWithStatus2AndOneClearLine() throws Exception {
        try (Push3Process push3 = Push3Process.launch("serve", "--port", "0", "--users", dir.resolve("absent").toString())) {
            assertThat(push3.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(push3.stderr()).contains("push3: configuration error: auth.file.path");
        }
    }
}
