package dev.push3.metrics.openmetrics;

import static dev.push3.metrics.openmetrics.ExpositionFormat.OPENMETRICS;
import static dev.push3.metrics.openmetrics.ExpositionFormat.PROMETHEUS_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricType;
import dev.push3.api.metrics.MetricsSnapshot;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotMappingTest {

    @Test
    void theDovecotPresetKeepsAuthAndPop3MetricsButNoBuckets() throws Exception {
        MetricsSnapshot snapshot = mapping(Preset.DOVECOT.include(), Preset.DOVECOT.exclude())
                .map(Samples.parse(Samples.DOVECOT, OPENMETRICS)).snapshot();

        Map<String, BigDecimal> values = kept(snapshot);
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
    void typeAndHelpComeFromTheFamilysTypeAndHelpLines() throws Exception {
        MetricsSnapshot snapshot = mapping(Preset.NONE.include(), Preset.NONE.exclude())
                .map(Samples.parse(Samples.DOVECOT, OPENMETRICS)).snapshot();

        assertThat(snapshot.info("dovecot.auth.success.total"))
                .isEqualTo(MetricInfo.counter("Total number of all events of this kind"));
        assertThat(snapshot.info("process.start.time.seconds")).isEqualTo(MetricInfo.gauge("Timestamp of service start"));
        assertThat(snapshot.info("dovecot.auth.duration.count").type()).isEqualTo(MetricType.COUNTER);
        assertThat(snapshot.info("dovecot.auth.duration.sum").type()).isEqualTo(MetricType.COUNTER);
        assertThat(snapshot.info("dovecot.build.2_3_19_1.9b53102964.info").type()).isEqualTo(MetricType.GAUGE);
        assertThat(snapshot.info("openmetrics.skipped_samples").type()).isEqualTo(MetricType.GAUGE);
    }

    @Test
    void aUnitIsKeptWhereItStillEndsTheNameAndHelpIsUnescaped() throws Exception {
        MetricsSnapshot snapshot = mapping(List.of("*"), List.of()).map(ExpositionParser.parse("""
                # TYPE wait_seconds gauge
                # UNIT wait_seconds seconds
                # HELP wait_seconds Time \\"waited\\", back\\\\slash\\nsecond line
                wait_seconds 1.5
                # TYPE req_seconds summary
                # UNIT req_seconds seconds
                req_seconds{quantile="0.5"} 0.2
                req_seconds_count 4
                # TYPE odd gauge
                # UNIT odd Weird
                odd 1
                plain 2
                # EOF
                """, OPENMETRICS)).snapshot();

        assertThat(snapshot.info("wait.seconds"))
                .isEqualTo(new MetricInfo(MetricType.GAUGE, "seconds", "Time \"waited\", back\\slash second line"));
        assertThat(snapshot.info("req.seconds.0_5")).isEqualTo(MetricInfo.gauge(""));
        assertThat(snapshot.info("req.seconds.count")).isEqualTo(MetricInfo.counter(""));
        assertThat(snapshot.info("odd")).isEqualTo(MetricInfo.gauge(""));
        assertThat(snapshot.info("plain")).isSameAs(MetricInfo.UNKNOWN);
    }

    @Test
    void withoutAPresetEverySampleIsKept() throws Exception {
        Exposition exposition = Samples.parse(Samples.DOVECOT, OPENMETRICS);

        MetricsSnapshot snapshot = mapping(Preset.NONE.include(), Preset.NONE.exclude()).map(exposition).snapshot();

        assertThat(kept(snapshot).size()).isEqualTo(exposition.samples().size());
        assertThat(snapshot.get("process.start.time.seconds")).isPresent();
    }

    @Test
    void includeAndExcludeMatchTheNamesAsWritten() throws Exception {
        MetricsSnapshot snapshot = mapping(List.of("dovecot_auth_*_total"), List.of("*duration*", "*by_user*"))
                .map(Samples.parse(Samples.DOVECOT, OPENMETRICS)).snapshot();

        assertThat(kept(snapshot).keySet()).containsExactly(
                "dovecot.auth.failure.total",
                "dovecot.auth.passdb.request.ok.total",
                "dovecot.auth.passdb.request.password_mismatch.total",
                "dovecot.auth.passdb.request.user_unknown.total",
                "dovecot.auth.success.total");
    }

    @Test
    void leavesOutValuesAReplyCannotCarry() throws Exception {
        MetricsSnapshot snapshot = mapping(List.of("*"), List.of())
                .map(ExpositionParser.parse("a NaN\nb +Inf\nc -Inf\nd 4\n", PROMETHEUS_TEXT)).snapshot();

        assertThat(kept(snapshot)).containsExactly(Map.entry("d", new BigDecimal("4")));
    }

    @Test
    void keepsTheFirstOfTwoSamplesThatGetOneName() throws Exception {
        MetricsSnapshot snapshot = mapping(List.of("*"), List.of())
                .map(ExpositionParser.parse("a_b 1\na:b 2\n", PROMETHEUS_TEXT)).snapshot();

        assertThat(kept(snapshot)).containsExactly(Map.entry("a.b", new BigDecimal("1")));
    }

    @Test
    void leavesOutLegalNamesThatLeaveNothingToName() throws Exception {
        MetricsSnapshot snapshot = mapping(List.of("*"), List.of())
                .map(ExpositionParser.parse("_ 1\n:: 2\n_{a=\"x\"} 3\nok 4\n", PROMETHEUS_TEXT)).snapshot();

        assertThat(kept(snapshot)).containsOnly(Map.entry("x", new BigDecimal("3")),
                Map.entry("ok", new BigDecimal("4")));
    }

    @Test
    void keepsEveryDigitOfAHugeCounter() throws Exception {
        MetricsSnapshot snapshot = mapping(List.of("*"), List.of())
                .map(Samples.parse(Samples.PROMETHEUS_ODD, PROMETHEUS_TEXT)).snapshot();

        assertThat(snapshot.get("big.counter.total")).contains(new BigDecimal("18446744073709551615"));
    }

    @Test
    void skipsAndCountsAValueAReplyCannotCarryAndKeepsTheRest() throws Exception {
        SnapshotMapping.Mapped mapped = mapping(List.of("*"), List.of())
                .map(ExpositionParser.parse("a 1\nhuge{x=\"y\"} 1e300\ntiny 1e-300\nb 2\n", PROMETHEUS_TEXT));

        assertThat(kept(mapped.snapshot())).containsOnly(Map.entry("a", BigDecimal.ONE), Map.entry("b", new BigDecimal(2)));
        assertThat(mapped.snapshot().get("openmetrics.skipped_samples")).contains(new BigDecimal(2));
        assertThat(mapped.skipped()).extracting(LineProblem::describe).containsExactly(
                "line 2: the value has more than 40 digits before or after the point, which a METRICS reply cannot"
                        + " carry at column 13: 'huge{x=\"y\"} 1e300'",
                "line 3: the value has more than 40 digits before or after the point, which a METRICS reply cannot"
                        + " carry at column 6: 'tiny 1e-300'");
    }

    @Test
    void aSampleTheFilterDropsIsNotCountedAsSkipped() throws Exception {
        SnapshotMapping.Mapped mapped = mapping(List.of("*"), List.of("huge"))
                .map(ExpositionParser.parse("a 1\nhuge 1e300\n", PROMETHEUS_TEXT));

        assertThat(mapped.skipped()).isEmpty();
        assertThat(mapped.snapshot().get("openmetrics.skipped_samples")).contains(BigDecimal.ZERO);
    }

    @Test
    void countsTheLinesTheParserSkippedToo() throws Exception {
        SnapshotMapping.Mapped mapped = mapping(List.of("*"), List.of())
                .map(ExpositionParser.parse("a 1\nb{x=\"\\A\"} 1\nhuge 1e300\n", PROMETHEUS_TEXT));

        assertThat(mapped.skipped()).extracting(LineProblem::lineNumber).containsExactly(2, 3);
        assertThat(mapped.snapshot().get("openmetrics.skipped_samples")).contains(new BigDecimal(2));
    }

    /** Dovecot 2.3.19's known bad line can be silenced: exclude drops it as it drops a good line. */
    @Test
    void excludeDropsAFaultyLineWhoseNameCouldBeRead() throws Exception {
        SnapshotMapping.Mapped mapped = mapping(List.of("*"), List.of("*_by_user_total"))
                .map(Samples.parse(Samples.DOVECOT_HISTOGRAM_GROUP_BY, OPENMETRICS));

        assertThat(mapped.skipped()).isEmpty();
        assertThat(mapped.snapshot().get("openmetrics.skipped_samples")).contains(BigDecimal.ZERO);
        assertThat(mapped.snapshot().get("dovecot.auth.success.total")).contains(BigDecimal.ONE);
    }

    /** The snapshot without the count of skipped lines, which every mapping adds. */
    private static Map<String, BigDecimal> kept(MetricsSnapshot snapshot) {
        Map<String, BigDecimal> values = new java.util.TreeMap<>(snapshot.asStringMap());
        assertThat(values.remove(SnapshotMapping.SKIPPED_SAMPLES.value())).isNotNull();
        return values;
    }

    private static SnapshotMapping mapping(List<String> include, List<String> exclude) {
        return new SnapshotMapping(new SampleFilter(
                include.stream().map(NamePattern::new).toList(), exclude.stream().map(NamePattern::new).toList()));
    }
}
