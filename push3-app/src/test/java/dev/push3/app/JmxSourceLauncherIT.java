package dev.push3.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.core.client.Push3Client;
import dev.push3.metrics.jmx.agent.ChildJvm;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code push3 serve} with {@code metrics.sources=inprocess,jmx}, from the packaged
 * launcher on the module path, reading a second JVM's JDK JMX agent that holds an MBean
 * shaped like Apache James' POP3 server: one METRICS line carries the POP3 counters, the
 * remote JVM's metrics and Push3's own.
 */
class JmxSourceLauncherIT {
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
            try (Push3Process push3 = Push3Process.launch("serve", "--config", config.toString(), "--port", "0");
                 Push3Client client = Push3Client.connect("127.0.0.1", push3.awaitPort(), Duration.ofSeconds(10))) {
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
            }
        }
    }
}
