package dev.push3.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricName;
import dev.push3.api.metrics.MetricsSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Push3 names, types and units become Prometheus names by one rule, and sources' health one family. */
class PrometheusFamiliesTest {

    @Test
    void countersEndInTotalOnceAndUnitsAreSuffixes() {
        assertThat(PrometheusFamilies.sampleName(MetricName.of("push3.logins.succeeded"), MetricInfo.counter("")))
                .isEqualTo("push3_logins_succeeded_total");
        assertThat(PrometheusFamilies.familyName(MetricName.of("push3.logins.succeeded"), MetricInfo.counter("")))
                .isEqualTo("push3_logins_succeeded");
        assertThat(PrometheusFamilies.sampleName(MetricName.of("push3.commands.total"), MetricInfo.counter("")))
                .isEqualTo("push3_commands_total");
        assertThat(PrometheusFamilies.sampleName(MetricName.of("push3.uptime.seconds"), MetricInfo.gauge("").withUnit("seconds")))
                .isEqualTo("push3_uptime_seconds");
        assertThat(PrometheusFamilies.sampleName(MetricName.of("push3.bytes.in"), MetricInfo.counter("").withUnit("bytes")))
                .isEqualTo("push3_bytes_in_bytes_total");
        assertThat(PrometheusFamilies.sampleName(MetricName.of("jvm.heap.used"), MetricInfo.UNKNOWN))
                .isEqualTo("jvm_heap_used");
    }

    @Test
    void writesTypesHelpUnitsAndOneSourceUpFamily() throws IOException {
        MetricsSnapshot snapshot = MetricsSnapshot.builder()
                .put("push3.logins.succeeded", 3, MetricInfo.counter("LOGINs accepted"))
                .put("push3.uptime.seconds", 42, MetricInfo.gauge("Time since start").withUnit("seconds"))
                .put("jvm.heap.used", 1.5e6)
                .put("inprocess.up", 1)
                .put("jmx.up", 0)
                .build();

        String text = write(PrometheusFormat.PROMETHEUS_TEXT, snapshot, List.of("inprocess", "jmx", "openmetrics"));
        String openMetrics = write(PrometheusFormat.OPENMETRICS, snapshot, List.of("inprocess", "jmx"));

        assertThat(text).contains("""
                # HELP push3_logins_succeeded_total LOGINs accepted
                # TYPE push3_logins_succeeded_total counter
                push3_logins_succeeded_total 3.0
                """, """
                # TYPE push3_source_up gauge
                push3_source_up{source="inprocess"} 1.0
                push3_source_up{source="jmx"} 0.0
                """, """
                # TYPE push3_uptime_seconds gauge
                push3_uptime_seconds 42.0
                """, """
                # TYPE jvm_heap_used untyped
                jvm_heap_used 1500000.0
                """).doesNotContain("jmx_up", "inprocess_up", "openmetrics");
        assertThat(openMetrics).contains("""
                # TYPE push3_logins_succeeded counter
                # HELP push3_logins_succeeded LOGINs accepted
                push3_logins_succeeded_total 3.0
                """, """
                # TYPE push3_uptime_seconds gauge
                # UNIT push3_uptime_seconds seconds
                """, "# TYPE jvm_heap_used unknown\n").endsWith("# EOF\n");
    }

    @Test
    void theFirstOfTwoNamesForOneFamilyIsKept() throws IOException {
        MetricsSnapshot snapshot = MetricsSnapshot.builder().put("a.b", 1).put("a_b", 2)
                .put("c", 3, MetricInfo.counter("")).put("c_total", 4, MetricInfo.gauge("")).build();

        assertThat(write(PrometheusFormat.PROMETHEUS_TEXT, snapshot, List.of()))
                .contains("a_b 1.0", "c_total 3.0").doesNotContain("a_b 2.0", "c_total 4.0");
    }

    @Test
    void findsTheSourcesOfAReplyByTheirUpMetrics() {
        MetricsSnapshot reply = MetricsSnapshot.builder().put("inprocess.up", 1).put("jmx.up", 0)
                .put("push3.conn.up", 1).put("weird.up", 5).put("push3.logins.failed", 0).build();

        assertThat(PrometheusFamilies.sourcesIn(reply)).containsExactly("inprocess", "jmx");
    }

    @Test
    void choosesOpenMetricsOnlyWhenAsked() {
        assertThat(PrometheusFormat.forAccept(null)).isEqualTo(PrometheusFormat.PROMETHEUS_TEXT);
        assertThat(PrometheusFormat.forAccept("*/*")).isEqualTo(PrometheusFormat.PROMETHEUS_TEXT);
        assertThat(PrometheusFormat.forAccept("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"))
                .isEqualTo(PrometheusFormat.OPENMETRICS);
        assertThat(PrometheusFormat.OPENMETRICS.contentType()).isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(PrometheusFormat.PROMETHEUS_TEXT.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    }

    private static String write(PrometheusFormat format, MetricsSnapshot snapshot, List<String> sources) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(out, PrometheusFamilies.snapshots(snapshot, sources));
        return out.toString(StandardCharsets.UTF_8);
    }
}
