package dev.push3.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PluginConfigTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "1s,1000", "10m,600000", "2h,7200000", "1d,86400000", "0s,0", "PT1S,1000", " 3s ,3000"})
    void parsesDurations(String text, long millis) {
        PluginConfig config = PluginConfig.of(Map.of("k", text));
        assertThat(config.duration("k", Duration.ZERO)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1 s", "s", "-1s", "PT-1S", "1sec", "1.5s"})
    void rejectsBadDurationsNamingTheKey(String text) {
        PluginConfig config = PluginConfig.of(Map.of("auth.failure-delay", text));
        assertThatThrownBy(() -> config.duration("auth.failure-delay", Duration.ZERO))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("auth.failure-delay: ")
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("auth.failure-delay"));
    }

    @Test
    void integersAreRangeChecked() {
        PluginConfig config = PluginConfig.of(Map.of("p", "70000", "q", "x"));
        assertThatThrownBy(() -> config.integer("p", 1, 0, 65535))
                .hasMessage("p: must be between 0 and 65535, was 70000");
        assertThatThrownBy(() -> config.integer("q", 1, 0, 65535))
                .hasMessage("q: must be an integer, was 'x'");
        assertThat(config.integer("unset", 7, 0, 10)).isEqualTo(7);
    }

    @Test
    void flagsChoicesAndLists() {
        PluginConfig config = PluginConfig.of(Map.of("f", "TRUE", "c", "StartTLS", "l", " a, ,b ,c", "bad", "yes"));
        assertThat(config.flag("f", false)).isTrue();
        assertThat(config.choice("c", "none", "none", "starttls", "implicit")).isEqualTo("starttls");
        assertThat(config.list("l")).containsExactly("a", "b", "c");
        assertThat(config.list("unset")).isEmpty();
        assertThatThrownBy(() -> config.flag("bad", false)).hasMessage("bad: must be true or false, was 'yes'");
    }

    @Test
    void requireNamesTheMissingKeyAndBlankCountsAsUnset() {
        PluginConfig config = PluginConfig.of(Map.of("blank", "  "));
        assertThatThrownBy(() -> config.require("blank")).hasMessage("blank: is required but not set");
    }

    @Test
    void toStringNeverShowsValues() {
        PluginConfig config = PluginConfig.of(Map.of("metrics.jmx.password", "s3cret"));
        assertThat(config.toString()).contains("metrics.jmx.password").doesNotContain("s3cret");
    }

    @Test
    void aPluginsViewHoldsOnlyItsOwnKeys() {
        PluginConfig config = PluginConfig.of(Map.of("auth.pop3.host", "h", "metrics.jmx.password", "s", "auth.pop3x.y", "z"));
        PluginConfig pop3 = config.only("auth.pop3.");
        assertThat(pop3.keys()).containsExactly("auth.pop3.host");
        assertThat(pop3.get("metrics.jmx.password")).isEmpty();
    }
}
