package dev.push3.metrics.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bodies written by Prometheus's own Java client library (client_java 1.10, the reference
 * writer of both formats), with every feature switched on, read back by our parser: the
 * values and the label values (escapes included) must come back exactly. (The writer sorts
 * labels by name, so the keys below list them that way.)
 */
class ReferenceWriterRoundTripTest {
    private static final String ODD_VALUE = "say \"hi\"\\ then\nbreak — ünïcode";

    @ParameterizedTest
    @EnumSource(ExpositionFormat.class)
    void readsBackWhatTheReferenceWriterWrote(ExpositionFormat format) throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter logins = Counter.builder().name("pop3_logins_total").help("Logins by result")
                .labelNames("result", "note").withExemplars().register(registry);
        logins.labelValues("ok", ODD_VALUE).incWithExemplar(41, Labels.of("trace_id", "abc123"));
        logins.labelValues("ok", ODD_VALUE).inc();
        logins.labelValues("failed", "").inc(3);
        Gauge.builder().name("queue_depth").help("Depth").register(registry).set(-2.5);
        Histogram latency = Histogram.builder().name("login_seconds").help("Login time")
                .classicUpperBounds(0.01, 0.1, 1).withExemplars().register(registry);
        latency.observeWithExemplar(0.05, Labels.of("trace_id", "def456"));
        latency.observe(0.5);
        latency.observe(7);
        Summary.builder().name("reply_bytes").help("Reply size").quantile(0.5, 0.01)
                .register(registry).observe(1024);

        String body = write(format, registry);
        Exposition exposition = ExpositionParser.parse(body, format);

        Map<String, BigDecimal> values = exposition.samples().stream()
                .filter(s -> s.value() instanceof SampleValue.Finite)
                .filter(s -> !s.name().endsWith("_created"))
                .collect(Collectors.toMap(ReferenceWriterRoundTripTest::key,
                        s -> ((SampleValue.Finite) s.value()).value().stripTrailingZeros()));
        assertThat(values).as(body)
                .containsEntry("pop3_logins_total{note=" + ODD_VALUE + ",result=ok}", new BigDecimal("42"))
                .containsEntry("pop3_logins_total{note=,result=failed}", new BigDecimal("3"))
                .containsEntry("queue_depth{}", new BigDecimal("-2.5"))
                .containsEntry("login_seconds_bucket{le=0.01}", BigDecimal.ZERO)
                .containsEntry("login_seconds_bucket{le=0.1}", BigDecimal.ONE)
                .containsEntry("login_seconds_bucket{le=1.0}", new BigDecimal("2"))
                .containsEntry("login_seconds_bucket{le=+Inf}", new BigDecimal("3"))
                .containsEntry("login_seconds_count{}", new BigDecimal("3"))
                .containsEntry("login_seconds_sum{}", new BigDecimal("7.55"))
                .containsEntry("reply_bytes{quantile=0.5}", new BigDecimal("1024"))
                .containsEntry("reply_bytes_count{}", BigDecimal.ONE);
        assertThat(exposition.typeOf("login_seconds")).contains(MetricType.HISTOGRAM);
        if (format == ExpositionFormat.OPENMETRICS) {
            assertThat(body).as("the exemplars were written, so they were parsed past").contains(" # {trace_id=");
            assertThat(body).endsWith("# EOF\n");
        }
    }

    private static String write(ExpositionFormat format, PrometheusRegistry registry) throws Exception {
        ExpositionFormatWriter writer = format == ExpositionFormat.OPENMETRICS
                ? OpenMetricsTextFormatWriter.builder()
                        .setCreatedTimestampsEnabled(true).setExemplarsOnAllMetricTypesEnabled(true).build()
                : PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(true).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String key(Sample sample) {
        List<String> labels = sample.labels().stream().map(l -> l.name() + "=" + l.value()).toList();
        return sample.name() + "{" + String.join(",", labels) + "}";
    }
}
