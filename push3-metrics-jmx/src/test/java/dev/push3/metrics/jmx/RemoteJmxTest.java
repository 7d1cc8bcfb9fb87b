package dev.push3.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricType;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.api.metrics.MetricsUnavailableException;
import dev.push3.metrics.jmx.agent.ChildJvm;
import dev.push3.testkit.IntegrationGate;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source against the JDK's JMX agent in a second JVM, without authentication or TLS. */
class RemoteJmxTest {
    private ChildJvm child;
    private MetricsSource source;

    @BeforeEach
    void startAgent() throws Exception {
        child = ChildJvm.startPlain();
    }

    @AfterEach
    void stop() throws Exception {
        if (source != null) {
            source.close();
        }
        child.close();
    }

    private MetricsSource source(Map<String, String> extra) {
        Map<String, String> keys = new HashMap<>(Map.of("metrics.jmx.url", child.url(), "metrics.jmx.timeout", "5s"));
        keys.putAll(extra);
        source = new JmxSourceProvider().create(PluginConfig.of(keys));
        return source;
    }

    @Test
    void readsTheJamesCountersAndTheJvmMetricsOfAnotherJvm() throws Exception {
        MetricsSource jmx = source(Map.of());
        MetricsSnapshot first = jmx.collect();
        assertThat(first.asStringMap()).containsEntry("pop3.pop3server.current_connections", BigDecimal.ZERO)
                .containsEntry("pop3.pop3server.handled_connections", BigDecimal.ZERO)
                .containsEntry("pop3.pop3server.maximum_concurrent_connections", BigDecimal.valueOf(100))
                // The child runs the serial collector, this JVM does not: these come from the child.
                .containsKeys("jvm.gc.copy.collections", "jvm.gc.marksweepcompact.time_ms",
                        "jvm.memory.heap.used", "jvm.threads.current", "jvm.uptime_ms");
        assertThat(first.get("jvm.memory.heap.max")).hasValueSatisfying(max ->
                assertThat(max).isLessThanOrEqualTo(BigDecimal.valueOf(64L * 1024 * 1024)));

        child.send("connect");
        child.send("connect");
        child.send("connect");
        child.send("disconnect");
        MetricsSnapshot second = jmx.collect();
        assertThat(second.get("pop3.pop3server.current_connections")).contains(BigDecimal.valueOf(2));
        assertThat(second.get("pop3.pop3server.handled_connections")).contains(BigDecimal.valueOf(3));
        assertThat(second.get("jvm.uptime_ms").orElseThrow()).isGreaterThan(first.get("jvm.uptime_ms").orElseThrow());
    }

    /**
     * The upper bounds below only tell "gave up at its 1 s timeout" from "hung": a hung call lasts
     * until RMI's read timeout (10 s in this module's tests) or for ever, so 5 s leaves room for a
     * loaded machine.
     */
    private static final String GENEROUS = "did not wait for the hung agent (generous bound)";

    @Test
    void reportsAKilledAgentWithinTheTimeoutAndReconnectsToTheNextOne() throws Exception {
        MetricsSource jmx = source(Map.of("metrics.jmx.timeout", "1s"));
        child.send("connect");
        assertThat(collectWithin(jmx, Duration.ofSeconds(10)).get("pop3.pop3server.handled_connections"))
                .contains(BigDecimal.ONE);

        child.kill();
        long start = System.nanoTime();
        assertThatThrownBy(jmx::collect).isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining(child.url());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as(GENEROUS).isLessThan(Duration.ofSeconds(5));

        child = ChildJvm.startPlain(child.port());
        // A freshly started agent may take more than the 1s timeout to answer a first connect on a busy machine.
        assertThat(collectWithin(jmx, Duration.ofSeconds(10)).get("pop3.pop3server.handled_connections"))
                .contains(BigDecimal.ZERO);
    }

    /**
     * RMI puts an exception's cause on a new line ({@code "nested exception is: \n\tjava.net..."});
     * the reason the server logs for a source that is down must stay on one line.
     */
    @Test
    void anUnreachableAgentIsReportedOnOneLine() throws Exception {
        try (Socket closedPort = new Socket()) {
            closedPort.setReuseAddress(false);
            closedPort.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)); // bound, never listening
            String url = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + closedPort.getLocalPort() + "/jmxrmi";
            MetricsSource jmx = source(Map.of("metrics.jmx.url", url));

            assertThatThrownBy(jmx::collect).isInstanceOf(MetricsUnavailableException.class)
                    .hasMessageStartingWith("cannot read " + url + ": java.io.IOException: Failed to retrieve RMIServer stub")
                    .hasMessageContaining("Connection refused")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r"));
        }
    }

    @Test
    void anAgentRestartedBetweenTwoCollectionsIsReadAtOnce() throws Exception {
        MetricsSource jmx = source(Map.of());
        jmx.collect();
        child.kill();
        child = ChildJvm.startPlain(child.port());
        child.send("connect");
        // The kept connection is stale: the JDK's RMI connector notices and reconnects within the same call.
        assertThat(jmx.collect().get("pop3.pop3server.current_connections")).contains(BigDecimal.ONE);
    }

    @Test
    void aFrozenAgentCostsACallerAtMostTheTimeout() throws Exception {
        IntegrationGate.requireProgram("kill", "it sends SIGSTOP and SIGCONT; install procps");
        MetricsSource jmx = source(Map.of("metrics.jmx.timeout", "1s"));
        collectWithin(jmx, Duration.ofSeconds(10));
        child.signal("STOP");
        try {
            long start = System.nanoTime();
            assertThatThrownBy(jmx::collect).isInstanceOf(MetricsUnavailableException.class)
                    .hasMessage("no answer from " + child.url() + " within 1000ms (metrics.jmx.timeout)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900))
                    .as(GENEROUS).isLessThan(Duration.ofSeconds(5));

            // The stuck collection was abandoned: the next call tries afresh, again for at most the timeout.
            start = System.nanoTime();
            assertThatThrownBy(jmx::collect).isInstanceOf(MetricsUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(GENEROUS).isLessThan(Duration.ofSeconds(5));
        } finally {
            child.signal("CONT");
        }
        child.send("connect");
        assertThat(collectWithin(jmx, Duration.ofSeconds(10)).get("pop3.pop3server.current_connections"))
                .contains(BigDecimal.ONE);
    }

    /**
     * A frozen agent whose host never resets the connection: the call on it hangs. The caller
     * gives up after the timeout, and the next call must connect afresh (here to a new agent
     * on the same port) instead of being handed the hung collection again; the hung thread
     * itself ends once the RMI read timeout (10 s in this module's tests) fails its read.
     */
    @Test
    void abandonsACallHungOnAFrozenAgentAndReadsTheAgentThatReplacesIt() throws Exception {
        IntegrationGate.requireProgram("kill", "it sends SIGSTOP; install procps");
        JmxSource jmx = (JmxSource) source(Map.of("metrics.jmx.timeout", "1s"));
        collectWithin(jmx, Duration.ofSeconds(10));
        ChildJvm frozen = child;
        frozen.stopAgent(); // frees its port; our open connection to it stays open
        frozen.signal("STOP");
        try {
            long start = System.nanoTime();
            assertThatThrownBy(jmx::collect).isInstanceOf(MetricsUnavailableException.class)
                    .hasMessage("no answer from " + frozen.url() + " within 1000ms (metrics.jmx.timeout)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the call hung on the frozen agent")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));

            child = ChildJvm.startPlain(frozen.port());
            child.send("connect");
            assertThat(collectWithin(jmx, Duration.ofSeconds(5)).get("pop3.pop3server.current_connections"))
                    .contains(BigDecimal.ONE);
            assertThat(jmx.running()).as("the hung collection is still blocked on the frozen agent").isOne();

            long readTimeout = Long.getLong(RemoteAccess.RESPONSE_TIMEOUT, 0);
            await("collections still blocked on the frozen agent")
                    .atMost(Duration.ofMillis(readTimeout).plusSeconds(5)).until(() -> jmx.running() == 0);
        } finally {
            frozen.close();
        }
    }

    @Test
    void aFrozenAgentCannotHoldTheFirstConnectPastTheTimeout() throws Exception {
        IntegrationGate.requireProgram("kill", "it sends SIGSTOP and SIGCONT; install procps");
        MetricsSource jmx = source(Map.of("metrics.jmx.timeout", "1s"));
        child.signal("STOP");
        try {
            long start = System.nanoTime();
            assertThatThrownBy(jmx::collect).isInstanceOf(MetricsUnavailableException.class)
                    .hasMessage("no answer from " + child.url() + " within 1000ms (metrics.jmx.timeout)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(GENEROUS).isLessThan(Duration.ofSeconds(5));
        } finally {
            child.signal("CONT");
        }
        assertThat(collectWithin(jmx, Duration.ofSeconds(10)).get("pop3.pop3server.maximum_concurrent_connections"))
                .contains(BigDecimal.valueOf(100));
    }

    @Test
    void aPatternMatchesManyMBeans(@TempDir Path dir) throws Exception {
        child.send("pools 50");
        Path rules = Files.writeString(dir.resolve("pools.rules"), """
                # every pool's size, and all numeric or boolean attributes of the pools
                dev.push3.test:type=Pool,name=*  Size  test.{name}.size  gauge unit=connections Connections in the pool
                dev.push3.test:type=Pool,*       *     test.all.{name}.{attribute}
                """);
        MetricsSnapshot snapshot = source(Map.of("metrics.jmx.presets", "none",
                "metrics.jmx.rules", rules.toString())).collect();

        Map<String, BigDecimal> metrics = snapshot.asStringMap();
        assertThat(metrics).hasSize(50 + 50 * 2)
                .containsEntry("test.pool1.size", BigDecimal.valueOf(10))
                .containsEntry("test.pool50.size", BigDecimal.valueOf(500))
                .containsEntry("test.all.pool7.size", BigDecimal.valueOf(70))
                .containsEntry("test.all.pool7.active", BigDecimal.ZERO)
                .containsEntry("test.all.pool8.active", BigDecimal.ONE)
                .doesNotContainKey("test.all.pool7.label");
        assertThat(snapshot.info("test.pool7.size"))
                .isEqualTo(new MetricInfo(MetricType.GAUGE, "connections", "Connections in the pool"));
        assertThat(snapshot.info("test.all.pool7.size")).isEqualTo(MetricInfo.UNKNOWN);
    }

    private static MetricsSnapshot collectWithin(MetricsSource source, Duration patience) {
        return await().atMost(patience).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .ignoreException(MetricsUnavailableException.class).until(source::collect, Objects::nonNull);
    }
}
