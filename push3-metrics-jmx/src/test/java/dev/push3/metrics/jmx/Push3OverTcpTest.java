package dev.push3.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthenticatorProvider;
import dev.push3.api.metrics.MetricsSourceProvider;
import dev.push3.core.client.Push3Client;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import dev.push3.metrics.jmx.agent.ChildJvm;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: Push3 over TCP with the file authenticator and the {@code jmx} source, both
 * chosen by name as {@code push3 serve} does, reading the James-shaped MBean and the JVM
 * metrics of a second JVM into one METRICS line.
 */
class Push3OverTcpTest {
    private static final ClassLoader LOADER = Push3OverTcpTest.class.getClassLoader();

    @Test
    void metricsShowTheRemoteJamesCountersAndJvmMetricsAndJmxUp(@TempDir Path dir) throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}secret\n");
        try (ChildJvm child = ChildJvm.startPlain();
             Push3Server server = start(PluginConfig.of(Map.of(
                     "auth.file.path", users.toString(),
                     "metrics.jmx.url", child.url())));
             Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            assertThat(client.login("alice", "secret").success()).isTrue();
            child.send("connect");
            child.send("connect");

            Map<String, BigDecimal> metrics = client.metrics();
            assertThat(metrics).containsEntry("jmx.up", BigDecimal.ONE)
                    .containsEntry("inprocess.up", BigDecimal.ONE)
                    .containsEntry("pop3.pop3server.current_connections", BigDecimal.valueOf(2))
                    .containsEntry("pop3.pop3server.handled_connections", BigDecimal.valueOf(2))
                    .containsEntry("pop3.pop3server.maximum_concurrent_connections", BigDecimal.valueOf(100))
                    .containsKeys("jvm.gc.copy.collections", "jvm.memory.heap.used", "jvm.threads.current",
                            "jvm.uptime_ms");
        }
    }

    @Test
    void aKilledAgentIsJmxUpZeroWhileTheOtherSourcesStillAnswer(@TempDir Path dir) throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}secret\n");
        ChildJvm child = ChildJvm.startPlain();
        try (Push3Server server = start(PluginConfig.of(Map.of(
                     "auth.file.path", users.toString(),
                     "metrics.jmx.url", child.url(),
                     "metrics.jmx.timeout", "1s")));
             Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            client.login("alice", "secret");
            assertThat(client.metrics()).containsEntry("jmx.up", BigDecimal.ONE);

            child.kill();
            long start = System.nanoTime();
            Map<String, BigDecimal> metrics = client.metrics();
            // Generous: the dead agent is not waited for (an RMI call to it can hang for minutes); the client's own
            // read deadline is 5 s.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThat(metrics).containsEntry("jmx.up", BigDecimal.ZERO).containsEntry("inprocess.up", BigDecimal.ONE)
                    .doesNotContainKey("pop3.pop3server.current_connections");

            child = ChildJvm.startPlain(child.port());
            assertThat(client.metrics()).containsEntry("jmx.up", BigDecimal.ONE)
                    .containsEntry("pop3.pop3server.handled_connections", BigDecimal.ZERO);
        } finally {
            child.close();
        }
    }

    /** Chooses the plugins by name from those ServiceLoader finds (the app's catalog does the same, with checks). */
    static Push3Server start(PluginConfig config) throws Exception {
        AuthenticatorProvider auth = ServiceLoader.load(AuthenticatorProvider.class, LOADER).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("file")).findFirst().orElseThrow();
        MetricsSourceProvider jmx = ServiceLoader.load(MetricsSourceProvider.class, LOADER).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("jmx")).findFirst().orElseThrow();
        ServerSettings settings = ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .failureDelay(Duration.ZERO).build();
        return Push3Server.start(settings, Backends.of("file", auth.create(config)).withSource("jmx", jmx.create(config)));
    }
}
