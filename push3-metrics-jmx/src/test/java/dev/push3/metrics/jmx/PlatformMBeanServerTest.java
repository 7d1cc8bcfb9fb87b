package dev.push3.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricType;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.api.metrics.MetricsSourceProvider;
import dev.push3.metrics.jmx.agent.AgentMain;
import dev.push3.metrics.jmx.agent.JamesLikePop3Server;
import dev.push3.metrics.jmx.agent.ServerMBean;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.util.Map;
import java.util.ServiceLoader;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With {@code metrics.jmx.url} unset the source reads the JVM it runs in, as an embedding application would. */
class PlatformMBeanServerTest {
    private final MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
    private final JamesLikePop3Server pop3 = new JamesLikePop3Server(7);
    private ObjectName name;

    @BeforeEach
    void registerJamesServer() throws Exception {
        name = new ObjectName(AgentMain.POP3_SERVER);
        platform.registerMBean(new StandardMBean(pop3, ServerMBean.class), name);
    }

    @AfterEach
    void unregister() throws Exception {
        platform.unregisterMBean(name);
    }

    @Test
    void theProviderIsFoundByServiceLoaderAsJmx() {
        assertThat(ServiceLoader.load(MetricsSourceProvider.class).stream().map(p -> p.get().name()))
                .contains("jmx");
    }

    @Test
    void bothPresetsReadThisJvm() throws Exception {
        try (MetricsSource source = new JmxSourceProvider().create(PluginConfig.empty())) {
            pop3.connect();
            MetricsSnapshot snapshot = source.collect();
            assertThat(snapshot.asStringMap())
                    .containsEntry("pop3.pop3server.current_connections", BigDecimal.ONE)
                    .containsEntry("pop3.pop3server.handled_connections", BigDecimal.ONE)
                    .containsEntry("pop3.pop3server.maximum_concurrent_connections", BigDecimal.valueOf(7));
            assertThat(snapshot.get("jvm.memory.heap.max")).contains(
                    BigDecimal.valueOf(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax()));
            assertThat(snapshot.get("jvm.threads.current").orElseThrow()).isPositive();
            assertThat(snapshot.get("jvm.uptime_ms").orElseThrow()).isPositive();
            assertThat(snapshot.info("jvm.memory.heap.max")).isEqualTo(
                    new MetricInfo(MetricType.GAUGE, "bytes", "Largest heap the JVM may use"));
            assertThat(snapshot.info("pop3.pop3server.handled_connections").type()).isEqualTo(MetricType.COUNTER);
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                String metric = "jvm.gc." + gc.getName().toLowerCase().replace(' ', '_') + ".collections";
                assertThat(snapshot.get(metric)).as(metric).isPresent();
            }
        }
    }

    @Test
    void aJvmWithoutJamesSimplyHasNoPop3Metrics() throws Exception {
        platform.unregisterMBean(name);
        try (MetricsSource source = new JmxSourceProvider().create(PluginConfig.of(Map.of()))) {
            assertThat(source.collect().asStringMap()).doesNotContainKey("pop3.pop3server.current_connections")
                    .containsKey("jvm.memory.heap.used");
        } finally {
            platform.registerMBean(new StandardMBean(pop3, ServerMBean.class), name);
        }
    }
}
