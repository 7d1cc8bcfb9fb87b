package dev.push3.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetricNameTest {

    @ParameterizedTest
    @CsvSource({
        "HeapMemoryUsage.used,heapmemoryusage.used",
        "Cmd-Name RETR,cmd_name_retr",
        "dovecot_auth_success_total,dovecot_auth_success_total",
        "..a..b..,a.b",
        "9lives,m9lives",
        "_x_,x",
    })
    void normalizes(String raw, String expected) {
        assertThat(MetricName.normalize(raw).value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "1a", "a-b", "a b", ".a"})
    void rejectsInvalidNames(String name) {
        assertThatThrownBy(() -> MetricName.of(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void normalizeRejectsTextWithNothingUsable() {
        assertThatThrownBy(() -> MetricName.normalize("...")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snapshotIsSortedAndSkipsNonFiniteDoubles() {
        MetricsSnapshot snapshot = MetricsSnapshot.builder()
                .put("b", 2).put("a", 1.5).put("c", Double.NaN).put("d", new BigDecimal("1E+3"))
                .build();
        assertThat(snapshot.asStringMap().keySet()).containsExactly("a", "b", "d");
        assertThat(snapshot.toString()).isEqualTo("{a=1.5, b=2, d=1000}");
    }

    @Test
    void valuesTooLongToWriteInPlainNotationAreRefused() {
        MetricsSnapshot.Builder builder = MetricsSnapshot.builder();
        assertThatThrownBy(() -> builder.put("huge", new BigDecimal("1e999999999")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("value of huge has more than 40 digits");
        assertThatThrownBy(() -> builder.put("tiny", new BigDecimal("1e-41"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.put("big", new BigDecimal("12345678901234567890")).put("d", 1e300).put("e", 1e-300)
                .put("f", 0.0).build().asStringMap()).containsOnlyKeys("big", "f");
    }
}
