package dev.push3.testkit.prometheus;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.push3.testkit.IntegrationGate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The real Prometheus server ({@code prometheus} of Debian's package of that name) run by a
 * test on a free loopback port, with a generated configuration, a storage directory of its
 * own, and one or more {@link ScrapeJob}s scraped every second.
 *
 * <pre>{@code
 * @RequiresProgram(value = "prometheus", hint = "apt-get install prometheus")
 * ...
 * try (PrometheusServer prometheus = PrometheusServer.start(tempDir, ScrapeJob.of("push3", "127.0.0.1:" + port))) {
 *     List<Sample> up = await().until(() -> prometheus.query("up{job=\"push3\"}"), s -> !s.isEmpty());
 * }
 * }</pre>
 *
 * <p>Not thread-safe to start and close concurrently; {@link #query} and {@link #targets} may
 * be called from any thread. Its log (standard output and error) is {@code prometheus.log}
 * in the directory, and is quoted in the exception when it does not become ready.
 */
public final class PrometheusServer implements AutoCloseable {
    /** The program, from Debian's {@code prometheus} package. */
    public static final String PROGRAM = "prometheus";
    /** How to install it, for skip messages. */
    public static final String HINT = "apt-get install prometheus";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI uri;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    private PrometheusServer(Process process, URI uri, Path log) {
        this.process = process;
        this.uri = uri;
        this.log = log;
    }

    /**
     * Writes {@code prometheus.yml} for the jobs, starts Prometheus on a free port of
     * 127.0.0.1 with its storage under {@code dir/data}, and waits until {@code /-/ready}
     * answers 200. Skips the test when {@code prometheus} is not on the {@code PATH} (fails
     * it under {@code -Dpush3.it.required=true}).
     *
     * @param dir an empty directory for the configuration, password files, storage and log; the caller deletes it
     * @param jobs the scrape jobs, names unique
     * @return the ready server
     * @throws IOException when the files cannot be written or the program cannot be run
     * @throws IllegalStateException when Prometheus exits or is not ready within 60 s; with its log
     */
    public static PrometheusServer start(Path dir, ScrapeJob... jobs) throws IOException {
        IntegrationGate.requireProgram(PROGRAM, HINT);
        Path config = dir.resolve("prometheus.yml");
        // YAML is a superset of JSON: writing the configuration as JSON needs no YAML quoting rules.
        Files.writeString(config, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(configuration(dir, List.of(jobs))));
        int port = freePort();
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(PROGRAM,
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=info")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        process.getOutputStream().close();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
        try {
            server.awaitReady();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** @return the base URI of its web UI and HTTP API, for example {@code http://127.0.0.1:40123} */
    public URI uri() {
        return uri;
    }

    /**
     * Runs an instant query ({@code GET /api/v1/query}) at the current time.
     *
     * @param promql the PromQL expression, for example {@code push3_source_up{source="jmx"}}
     * @return the samples of a vector result, or the one sample of a scalar result; empty when nothing matched
     * @throws IllegalStateException when Prometheus answers with an error (for example a bad expression); with its message
     * @throws UncheckedIOException when Prometheus cannot be reached
     */
    public List<Sample> query(String promql) {
        JsonNode data = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        List<Sample> samples = new ArrayList<>();
        JsonNode result = data.path("result");
        switch (data.path("resultType").asText()) {
            case "vector" -> result.forEach(node -> samples.add(new Sample(labels(node.path("metric")), value(node.path("value")))));
            case "scalar" -> samples.add(new Sample(Map.of(), value(result)));
            default -> throw new IllegalStateException("query " + promql + " gave an unexpected result: " + data);
        }
        return List.copyOf(samples);
    }

    /**
     * Lists the active scrape targets ({@code GET /api/v1/targets}), to explain a missing
     * sample in an assertion message.
     *
     * @return one entry per target and job
     * @throws UncheckedIOException when Prometheus cannot be reached
     */
    public List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        api("/api/v1/targets?state=active").path("activeTargets").forEach(node -> targets.add(new Target(
                node.path("labels").path("job").asText(), node.path("scrapeUrl").asText(),
                node.path("health").asText(), node.path("lastError").asText())));
        return List.copyOf(targets);
    }

    /**
     * Reads what Prometheus learnt of a metric family from the scrapes ({@code GET /api/v1/metadata}):
     * its {@code # TYPE}, {@code # HELP} and {@code # UNIT}.
     *
     * @param family the family name, as {@code # TYPE} wrote it (OpenMetrics: a counter's without {@code _total})
     * @return one entry per distinct metadata seen; empty when the family is unknown
     * @throws UncheckedIOException when Prometheus cannot be reached
     */
    public List<Metadata> metadata(String family) {
        List<Metadata> metadata = new ArrayList<>();
        api("/api/v1/metadata?metric=" + URLEncoder.encode(family, StandardCharsets.UTF_8)).path(family)
                .forEach(node -> metadata.add(new Metadata(node.path("type").asText(), node.path("help").asText(),
                        node.path("unit").asText())));
        return List.copyOf(metadata);
    }

    /**
     * Returns its log so far.
     *
     * @return the text of standard output and error
     */
    public String logs() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops Prometheus (SIGTERM, then SIGKILL after 10 s); calling it again does nothing. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One sample of a query's result.
     *
     * @param labels the series' labels, including {@code __name__} for a plain selector; never null
     * @param value the value ({@code NaN} and infinities as Java's)
     */
    public record Sample(Map<String, String> labels, double value) {
        /** Copies the labels. */
        public Sample {
            labels = Map.copyOf(labels);
        }
    }

    /**
     * A metric family's metadata as Prometheus stored it.
     *
     * @param type {@code counter}, {@code gauge}, {@code unknown} ...
     * @param help the help text, empty when none
     * @param unit the unit, empty when none
     */
    public record Metadata(String type, String help, String unit) {
    }

    /**
     * One scrape target as Prometheus sees it.
     *
     * @param job the job's name
     * @param scrapeUrl the URL it scrapes, with the query parameters
     * @param health {@code up}, {@code down} or {@code unknown} (not scraped yet)
     * @param lastError the last scrape's error, empty when it succeeded
     */
    public record Target(String job, String scrapeUrl, String health, String lastError) {
    }

    static ObjectNode configuration(Path dir, List<ScrapeJob> jobs) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("global").put("scrape_interval", "1s").put("scrape_timeout", "1s").put("evaluation_interval", "1s");
        ArrayNode scrapeConfigs = root.putArray("scrape_configs");
        for (ScrapeJob job : jobs) {
            ObjectNode scrape = scrapeConfigs.addObject();
            scrape.put("job_name", job.name()).put("metrics_path", job.metricsPath())
                    .put("scheme", job.tls().isPresent() ? "https" : "http");
            if (!job.params().isEmpty()) {
                ObjectNode params = scrape.putObject("params");
                job.params().forEach((key, value) -> params.putArray(key).add(value));
            }
            if (job.basicAuth().isPresent()) {
                Path passwordFile = dir.resolve(job.name() + ".password");
                Files.writeString(passwordFile, job.basicAuth().get().password());
                scrape.putObject("basic_auth").put("username", job.basicAuth().get().username())
                        .put("password_file", passwordFile.toString());
            }
            job.tls().ifPresent(tls -> scrape.putObject("tls_config")
                    .put("ca_file", tls.caFile().toAbsolutePath().toString()).put("server_name", tls.serverName()));
            job.prober().ifPresent(exporter -> {
                ArrayNode relabel = scrape.putArray("relabel_configs");
                relabel.addObject().put("target_label", "__param_target").putArray("source_labels").add("__address__");
                relabel.addObject().put("target_label", "instance").putArray("source_labels").add("__param_target");
                relabel.addObject().put("target_label", "__address__").put("replacement", exporter);
            });
            ArrayNode targets = scrape.putArray("static_configs").addObject().putArray("targets");
            job.targets().forEach(targets::add);
        }
        return root;
    }

    private void awaitReady() {
        try {
            await().atMost(READY_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(POLL).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("prometheus exited with status " + process.exitValue() + "; its log:\n" + logs());
                }
                return status("/-/ready") == 200;
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("prometheus was not ready at " + uri + "/-/ready within " + READY_TIMEOUT
                    + "; its log:\n" + logs(), e);
        }
    }

    private int status(String path) {
        try {
            return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private JsonNode api(String pathAndQuery) {
        try {
            HttpResponse<String> response = http.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (!"success".equals(body.path("status").asText())) {
                throw new IllegalStateException("Prometheus answered " + response.statusCode() + " to " + pathAndQuery
                        + ": " + body.path("errorType").asText() + ": " + body.path("error").asText());
            }
            return body.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus at " + uri + " did not answer " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while querying Prometheus", e);
        }
    }

    private HttpRequest request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri.resolve(pathAndQuery)).timeout(REQUEST_TIMEOUT).GET().build();
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new LinkedHashMap<>();
        metric.properties().forEach(entry -> labels.put(entry.getKey(), entry.getValue().asText()));
        return labels;
    }

    /** Reads {@code [timestamp, "value"]}; Prometheus writes infinities as {@code +Inf} and {@code -Inf}. */
    private static double value(JsonNode pair) {
        String text = pair.path(1).asText();
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
