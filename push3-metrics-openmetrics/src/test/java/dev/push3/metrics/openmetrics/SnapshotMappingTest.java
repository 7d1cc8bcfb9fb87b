package dev.push3.metrics.openmetrics;

import static dev.push3.metrics.openmetrics.ExpositionFormat.OPENMETRICS;
import static dev.push3.metrics.openmetrics.ExpositionFormat.PROMETHEUS_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.metrics.MetricsSnapshot;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotMappingTest {

    @Test
    void theDovecotPresetKeepsAuthAndPop3MetricsButNoBuckets() throws Exception {
        MetricsSnapshot snapshot = mapping(Preset.DOVECOT.include(), Preset.DOVECOT.exclude())
                .snapshot(Samples.parse(Samples.DOVECOT, OPENMETRICS));

        Map<String, BigDecimal> values = snapshot.asStringMap();
        assertThat(values).containsEntry("dovecot.auth.success.total", new BigDecimal("1"))
                .containsEntry("dovecot.auth.failure.total", new BigDecimal("2"))
                .containsEntry("dovecot.auth.passdb.request.user_unknown.total", new BigDecimal("1"))
                .containsEntry("dovecot.pop3.session.total", new BigDecimal("1"))
                .containsEntry("dovecot.pop3.expunged.total", new BigDecimal("1"))
                .containsEntry("dovecot.auth.duration.count", new BigDecimal("3"))
                .containsEntry("dovecot.auth.success.duration.seconds.total", new BigDecimal("0.001617"));
        assertThat(values.keySet()).allMatch(n -> n.startsWith("dovecot.auth.") || n.startsWith("dovecot.pop3."))
                .noneMatch(n -> n.endsWith(".bucket"));
    }

    @Test
    void withoutAPresetEverySampleIsKept() throws Exception {
        Exposition exposition = Samples.parse(Samples.DOVECOT, OPENMETRICS);

        MetricsSnapshot snapshot = mapping(Preset.NONE.include(), Preset.NONE.exclude()).snapshot(exposition);

        assertThat(snapshot.size()).isEqualTo(exposition.samples().size());
        assertThat(snapshot.get("process.start.time.seconds")).isPresent();
    }

    @Test
    void includeAndExcludeMatchTheNamesAsWritten() throws Exception {
        MetricsSnapshot snapshot = mapping(List.of("dovecot_auth_*_total"), List.of("*duration*", "*by_user*"))
                .snapshot(Samples.parse(Samples.DOVECOT, OPENMETRICS));

        assertThat(snapshot.asStringMap().keySet()).containsExactly(
                "dovecot.auth.failure.total",
                "dovecot.auth.passdb.request.ok.total",
                "dovecot.auth.passdb.request.password_mismatch.total",
                "dovecot.auth.passdb.request.user_unknown.total",
                "dovecot.auth.success.total");
    }

    @Test
    void leavesOutValuesAReplyCannotCarry() throws Exception {
        MetricsSnapshot snapshot = mapping(List.of("*"), List.of())
                .snapshot(ExpositionParser.parse("a NaN\nb +Inf\nc -Inf\nd 4\n", PROMETHEUS_TEXT));

        assertThat(snapshot.asStringMap()).containsExactly(Map.entry("d", new BigDecimal("4")));
    }

    @Test
    void keepsTheFirstOfTwoSamplesThatGetOneName() throws Exception {
        MetricsSnapshot snapshot = mapping(List.of("*"), List.of())
                .snapshot(ExpositionParser.parse("a_b 1\na:b 2\n", PROMETHEUS_TEXT));

        assertThat(snapshot.asStringMap()).containsExactly(Map.entry("a.b", new BigDecimal("1")));
    }

    @Test
    void leavesOutLegalNamesThatLeaveNothingToName() throws Exception {
        MetricsSnapshot snapshot = mapping(List.of("*"), List.of())
                .snapshot(ExpositionParser.parse("_ 1\n:: 2\n_{a=\"x\"} 3\nok 4\n", PROMETHEUS_TEXT));

        assertThat(snapshot.asStringMap()).containsOnly(Map.entry("x", new BigDecimal("3")),
                Map.entry("ok", new BigDecimal("4")));
    }

    @Test
    void keepsEveryDigitOfAHugeCounter() throws Exception {
        MetricsSnapshot snapshot = mapping(List.of("*"), List.of())
                .snapshot(Samples.parse(Samples.PROMETHEUS_ODD, PROMETHEUS_TEXT));

        assertThat(snapshot.get("big.counter.total")).contains(new BigDecimal("18446744073709551615"));
    }

    private static SnapshotMapping mapping(List<String> include, List<String> exclude) {
        return new SnapshotMapping(new SampleFilter(
                include.stream().map(NamePattern::new).toList(), exclude.stream().map(NamePattern::new).toList()));
    }
}
