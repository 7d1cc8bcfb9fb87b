package dev.push3.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.metrics.jmx.agent.ChildJvm;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worked James example of docs/CONFIGURATION.md, read from that file, against a second JVM. */
class DocumentedExampleTest {
    private static final Path DOC = Path.of("..", "docs", "CONFIGURATION.md");
    private static final String RULES_HEADING = "`/etc/push3/james.rules`:";

    @Test
    void theJamesRulesOfTheDocumentationWorkAsDescribed(@TempDir Path dir) throws Exception {
        Path rules = Files.write(dir.resolve("james.rules"), documentedRules());
        try (ChildJvm child = ChildJvm.startPlain();
             MetricsSource source = new JmxSourceProvider().create(PluginConfig.of(Map.of(
                     "metrics.jmx.url", child.url(),
                     "metrics.jmx.presets", "jvm",
                     "metrics.jmx.rules", rules.toString())))) {
            child.send("listener pop3server-ssl");
            child.send("connect");

            MetricsSnapshot snapshot = source.collect();
            Map<String, BigDecimal> metrics = snapshot.asStringMap();
            assertThat(metrics).containsEntry("pop3.pop3server.current_connections", BigDecimal.ONE)
                    .containsEntry("pop3.pop3server.starttls", BigDecimal.ZERO)
                    .containsEntry("pop3.pop3server_ssl.current_connections", BigDecimal.ZERO)
                    .containsEntry("pop3.pop3server_ssl.maximum_concurrent_connections", BigDecimal.valueOf(50))
                    .containsKeys("james.heap.used", "jvm.threads.current")
                    .doesNotContainKeys("jvm.memory.heap.used", "jvm.threads.peak");
            assertThat(snapshot.info("pop3.pop3server.handled_connections")).isEqualTo(MetricInfo.counter("Connections handled"));
            assertThat(snapshot.info("pop3.pop3server_ssl.current_connections")).isEqualTo(MetricInfo.gauge("Sessions open now"));
        }
    }

    /** The fenced block after the rules file's heading. */
    private static List<String> documentedRules() throws Exception {
        List<String> lines = Files.readAllLines(DOC);
        int heading = lines.indexOf(RULES_HEADING);
        assertThat(heading).as("heading %s in %s", RULES_HEADING, DOC).isNotNegative();
        int start = heading + lines.subList(heading, lines.size()).indexOf("```") + 1;
        int end = start + lines.subList(start, lines.size()).indexOf("```");
        return lines.subList(start, end);
    }
}
