package dev.push3.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A snapshot carries each metric's type, unit and help beside its value, without costing untyped snapshots anything. */
class MetricsSnapshotInfoTest {
    private static final MetricInfo LOGINS = MetricInfo.counter("LOGINs accepted");
    private static final MetricInfo UPTIME = MetricInfo.gauge("Time since start").withUnit("seconds");

    @Test
    void keepsTheInfoGivenWithAValueAndUnknownForTheRest() {
        MetricsSnapshot snapshot = MetricsSnapshot.builder()
                .put("push3.logins.succeeded", 3, LOGINS)
                .put("push3.uptime.seconds", 1.5, UPTIME)
                .put("plain", 7)
                .build();

        assertThat(snapshot.info("push3.logins.succeeded")).isEqualTo(LOGINS);
        assertThat(snapshot.info("push3.uptime.seconds")).isEqualTo(new MetricInfo(MetricType.GAUGE, "seconds", "Time since start"));
        assertThat(snapshot.info("plain")).isSameAs(MetricInfo.UNKNOWN);
        assertThat(snapshot.info("absent")).isSameAs(MetricInfo.UNKNOWN);
        assertThat(snapshot.info()).containsOnlyKeys(MetricName.of("push3.logins.succeeded"), MetricName.of("push3.uptime.seconds"));
    }

    @Test
    void theWireFormatIsTheSameWithAndWithoutInfo() {
        MetricsSnapshot typed = MetricsSnapshot.builder().put("a.b", 1, LOGINS).put("c", 2.5, UPTIME).build();
        MetricsSnapshot untyped = MetricsSnapshot.builder().put("a.b", 1).put("c", 2.5).build();

        assertThat(typed.format(" ")).isEqualTo(untyped.format(" ")).isEqualTo("a.b=1 c=2.5");
        assertThat(typed.values()).isEqualTo(untyped.values());
    }

    @Test
    void untypedSnapshotsShareOneEmptyInfoMap() {
        MetricsSnapshot one = MetricsSnapshot.builder().put("a", 1).build();
        MetricsSnapshot two = new MetricsSnapshot(new TreeMap<>(one.values()));

        assertThat(one.info()).isEmpty();
        assertThat(one.info()).isSameAs(two.info()).isSameAs(MetricsSnapshot.empty().info());
    }

    @Test
    void aLaterPutReplacesValueAndInfo() {
        MetricsSnapshot snapshot = MetricsSnapshot.builder().put("a", 1, LOGINS).put("a", 2).put("b", 1).put("b", 2, UPTIME).build();

        assertThat(snapshot.info("a")).isSameAs(MetricInfo.UNKNOWN);
        assertThat(snapshot.info("b")).isEqualTo(UPTIME);
        assertThat(snapshot.get("a")).contains(BigDecimal.valueOf(2));
    }

    @Test
    void putAllReplacesWithTheOthersInfoAndPutAbsentKeepsTheFirst() {
        MetricsSnapshot first = MetricsSnapshot.builder().put("a", 1, LOGINS).put("b", 1).build();
        MetricsSnapshot second = MetricsSnapshot.builder().put("a", 2, UPTIME).put("b", 2, UPTIME).put("c", 2, UPTIME).build();

        MetricsSnapshot replaced = MetricsSnapshot.builder().putAll(first).putAll(second).build();
        MetricsSnapshot kept = MetricsSnapshot.builder().putAll(first).putAbsent(second).build();

        assertThat(replaced.format(" ")).isEqualTo("a=2 b=2 c=2");
        assertThat(replaced.info("a")).isEqualTo(UPTIME);
        assertThat(kept.format(" ")).isEqualTo("a=1 b=1 c=2");
        assertThat(kept.info("a")).isEqualTo(LOGINS);
        assertThat(kept.info("b")).isSameAs(MetricInfo.UNKNOWN);
        assertThat(kept.info("c")).isEqualTo(UPTIME);
    }

    @Test
    void aBuilderUsedAgainAfterBuildLeavesTheBuiltSnapshotAsItWas() {
        MetricsSnapshot.Builder builder = MetricsSnapshot.builder().put("a", 1, LOGINS);
        MetricsSnapshot first = builder.build();

        MetricsSnapshot second = builder.put("a", 2).put("b", 3, UPTIME).build();
        builder.put("c", 4, LOGINS);

        assertThat(first.format(" ")).isEqualTo("a=1");
        assertThat(first.info("a")).isEqualTo(LOGINS);
        assertThat(first.info()).containsOnlyKeys(MetricName.of("a"));
        assertThat(second.format(" ")).isEqualTo("a=2 b=3");
        assertThat(second.info()).containsOnlyKeys(MetricName.of("b"));
        assertThat(builder.build().format(" ")).isEqualTo("a=2 b=3 c=4");
    }

    @Test
    void refusesInfoForAMetricWithoutValue() {
        TreeMap<MetricName, MetricInfo> info = new TreeMap<>();
        info.put(MetricName.of("ghost"), LOGINS);

        assertThatThrownBy(() -> new MetricsSnapshot(new TreeMap<>(), info))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("info for metric ghost, which has no value");
    }

    @Test
    void infoRefusesUnitsAndHelpThatCannotBeWritten() {
        assertThatThrownBy(() -> MetricInfo.gauge("x").withUnit("Seconds"))
                .hasMessage("metric unit must match [a-z][a-z0-9_]*, was 'Seconds'");
        assertThatThrownBy(() -> MetricInfo.gauge("two\nlines"))
                .hasMessage("metric help must be one line without control characters: two?lines");
        assertThatThrownBy(() -> MetricInfo.gauge("h".repeat(MetricInfo.MAX_HELP + 1)))
                .hasMessageStartingWith("metric help is longer than 512 characters");
    }
}
