package dev.push3.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricsSnapshotFormatTest {

    /** Whole numbers take a shorter path than other values; both must write what the grammar says. */
    @ParameterizedTest
    @ValueSource(strings = {"0", "7", "-7", "1000", "1E+3", "2.50", "0.000", "-0.5", "9223372036854775807",
        "-9223372036854775808", "12345678901234567890", "1234567890123456789.25", "1E-40"})
    void writesEveryValueInPlainNotationWithoutTrailingZeros(String value) {
        BigDecimal decimal = new BigDecimal(value);
        String expected = decimal.stripTrailingZeros().toPlainString();

        assertThat(MetricsSnapshot.builder().put("a.b", decimal).put("c", 1).build().format(" "))
                .isEqualTo("a.b=" + expected + " c=1");
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", ", ", ""})
    void putsTheSeparatorOnlyBetweenPairs(String separator) {
        assertThat(MetricsSnapshot.builder().put("x", 1).put("y", 2).put("z", 3).build().format(separator))
                .isEqualTo("x=1" + separator + "y=2" + separator + "z=3");
        assertThat(MetricsSnapshot.empty().format(separator)).isEmpty();
    }
}
