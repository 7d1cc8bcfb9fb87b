package dev.push3.testkit.prometheus;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code scrape_configs} entry of the Prometheus the test starts: a job scraping one or
 * more {@code HOST:PORT} targets every second.
 *
 * <pre>{@code
 * ScrapeJob.of("push3", "127.0.0.1:" + port).withBasicAuth("alice", "secret").withTls(caPem, "localhost")
 * ScrapeJob.of("probe", exporter).withMetricsPath("/probe").withParam("target", "127.0.0.1:" + p).withParam("module", "m")
 * }</pre>
 *
 * @param name the {@code job_name}, also the {@code job} label of the samples; unique within one server
 * @param targets the {@code HOST:PORT} targets (loopback only), at least one
 * @param metricsPath the {@code metrics_path}, for example {@code /metrics}
 * @param params the URL query parameters ({@code params}), one value each, in order; never null
 * @param basicAuth the {@code basic_auth} credentials, if any
 * @param tls the {@code tls_config} when the targets are scraped over HTTPS, if any
 */
public record ScrapeJob(String name, List<String> targets, String metricsPath, Map<String, String> params,
        Optional<BasicAuth> basicAuth, Optional<Tls> tls) {

    /**
     * Checks and copies the parts.
     *
     * @throws IllegalArgumentException when there is no target or the path does not start with {@code /}
     */
    public ScrapeJob {
        Objects.requireNonNull(name, "name");
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a scrape job needs at least one target");
        }
        if (!metricsPath.startsWith("/")) {
            throw new IllegalArgumentException("metrics_path must start with '/': " + metricsPath);
        }
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        Objects.requireNonNull(basicAuth, "basicAuth");
        Objects.requireNonNull(tls, "tls");
    }

    /**
     * A job scraping {@code /metrics} of the targets over plain HTTP without credentials.
     *
     * @param name the job name
     * @param targets {@code HOST:PORT} of each target
     * @return the job
     */
    public static ScrapeJob of(String name, String... targets) {
        return new ScrapeJob(name, List.of(targets), "/metrics", Map.of(), Optional.empty(), Optional.empty());
    }

    /**
     * @param path the new {@code metrics_path}
     * @return a copy scraping that path
     */
    public ScrapeJob withMetricsPath(String path) {
        return new ScrapeJob(name, targets, path, params, basicAuth, tls);
    }

    /**
     * @param key a URL query parameter's name
     * @param value its value (sent URL-encoded by Prometheus)
     * @return a copy also sending that parameter
     */
    public ScrapeJob withParam(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(params);
        more.put(key, value);
        return new ScrapeJob(name, targets, metricsPath, more, basicAuth, tls);
    }

    /**
     * @param username the user name
     * @param password the password (written to a file of the server's directory, as {@code password_file})
     * @return a copy sending HTTP basic authentication
     */
    public ScrapeJob withBasicAuth(String username, String password) {
        return new ScrapeJob(name, targets, metricsPath, params, Optional.of(new BasicAuth(username, password)), tls);
    }

    /**
     * @param caFile the PEM file of the CA (or self-signed certificate) to trust
     * @param serverName the name the certificate must carry, for example {@code localhost}
     * @return a copy scraping over HTTPS
     */
    public ScrapeJob withTls(Path caFile, String serverName) {
        return new ScrapeJob(name, targets, metricsPath, params, basicAuth, Optional.of(new Tls(caFile, serverName)));
    }

    /**
     * HTTP basic authentication credentials.
     *
     * @param username the user name
     * @param password the password; not shown by {@link #toString()}
     */
    public record BasicAuth(String username, String password) {
        /** @return the user name only */
        @Override
        public String toString() {
            return "BasicAuth[" + username + "]";
        }
    }

    /**
     * How Prometheus checks the target's certificate.
     *
     * @param caFile the PEM file of trusted certificates
     * @param serverName the name checked against the certificate's subjectAltName
     */
    public record Tls(Path caFile, String serverName) {
    }
}
