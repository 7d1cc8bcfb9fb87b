package dev.push3.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.core.client.Push3Client;
import dev.push3.metrics.jmx.agent.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code push3 serve} with {@code metrics.sources=inprocess,jmx}, from the packaged
 * launcher on the module path, reading a second JVM's JDK JMX agent that holds an MBean
 * shaped like Apache James' POP3 server: one METRICS line carries the POP3 counters, the
 * remote JVM's metrics and Push3's own.
 */
class JmxSourceLauncherIT {
    private static final Pattern LISTENING = Pattern.compile("Push3 listening on /127\\.0\\.0\\.1:(\\d+)");
    private static final Path DIST = Path.of(System.getProperty("push3.dist", "target/push3"));

    @TempDir
    Path dir;

    @Test
    void oneMetricsLineShowsTheRemoteJamesCountersAndJvmMetrics() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}secret\n");
        try (ChildJvm james = ChildJvm.startPlain()) {
            Path config = Files.writeString(dir.resolve("push3.properties"), """
                    auth.file.path=%s
                    metrics.sources=inprocess,jmx
                    metrics.jmx.url=%s
                    """.formatted(users, james.url()));
            Process push3 = launch("serve", "--config", config.toString(), "--port", "0");
            try (Push3Client client = Push3Client.connect("127.0.0.1", awaitPort(push3), Duration.ofSeconds(10))) {
                james.send("connect");
                assertThat(client.login("alice", "secret").success()).isTrue();
                Map<String, BigDecimal> metrics = client.metrics();
                assertThat(metrics).containsEntry("jmx.up", BigDecimal.ONE)
                        .containsEntry("pop3.pop3server.current_connections", BigDecimal.ONE)
                        .containsEntry("pop3.pop3server.handled_connections", BigDecimal.ONE)
                        .containsEntry("push3.logins.succeeded", BigDecimal.ONE)
                        // The child runs the serial collector, Push3 does not: these are the child's.
                        .containsKeys("jvm.gc.copy.collections", "jvm.memory.heap.used", "jvm.threads.current",
                                "jvm.uptime_ms");
            } finally {
                push3.destroyForcibly();
            }
        }
    }

    private final BlockingQueue<String> stderr = new LinkedBlockingQueue<>();
    private final StringBuffer stderrText = new StringBuffer();

    private Process launch(String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(DIST.resolve("bin/push3").toString());
        builder.command().addAll(List.of(args));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("PUSH3_HOME");
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(line -> {
                    stderrText.append(line).append('\n');
                    stderr.add(line);
                });
            } catch (IOException e) {
                stderr.add("stderr closed: " + e);
            }
        });
        return process;
    }

    private int awaitPort(Process process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            String line = stderr.poll(1, TimeUnit.SECONDS);
            Matcher m = line == null ? null : LISTENING.matcher(line);
            if (m != null && m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("push3 did not start; stderr:\n" + stderrText);
    }
}
