package dev.push3.metrics.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenMetricsSettingsTest {
    private static final String URL = "http://127.0.0.1:9900/metrics";

    @Test
    void appliesTheDocumentedDefaults() {
        OpenMetricsSettings settings = OpenMetricsSettings.from(config("url", URL));

        assertThat(settings.url()).isEqualTo(URI.create(URL));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.minInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.filter().keeps("anything")).isTrue();
    }

    @Test
    void readsEveryKey() {
        OpenMetricsSettings settings = OpenMetricsSettings.from(config("url", "https://mail.example:9900/m",
                "timeout", "750ms", "min-interval", "0s", "preset", "DOVECOT", "exclude", "*_sum"));

        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(settings.minInterval()).isZero();
        assertThat(settings.filter().keeps("dovecot_auth_success_total")).isTrue();
        assertThat(settings.filter().keeps("dovecot_auth_duration_sum")).isFalse();
        assertThat(settings.filter().keeps("dovecot_auth_duration_bucket")).as("exclude replaces the preset's").isTrue();
        assertThat(settings.filter().keeps("process_start_time_seconds")).isFalse();
    }

    @Test
    void anIncludeReplacesThePresets() {
        OpenMetricsSettings settings = OpenMetricsSettings.from(config("url", URL,
                "preset", "dovecot", "include", "process_*, dovecot_auth_success_total"));

        assertThat(settings.filter().keeps("process_start_time_seconds")).isTrue();
        assertThat(settings.filter().keeps("dovecot_auth_success_total")).isTrue();
        assertThat(settings.filter().keeps("dovecot_auth_failure_total")).isFalse();
    }

    @Test
    void theUrlIsRequired() {
        assertThatThrownBy(() -> OpenMetricsSettings.from(PluginConfig.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.openmetrics.url: is required but not set");
    }

    @Test
    void onlyHttpAndHttpsUrlsAreAccepted() {
        assertThatThrownBy(() -> OpenMetricsSettings.from(config("url", "file:///etc/passwd")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.openmetrics.url: must be an http:// or https:// URL such as"
                        + " http://127.0.0.1:9900/metrics, was 'file:///etc/passwd'");
    }

    @Test
    void aUrlWithoutHostIsRefused() {
        assertThatThrownBy(() -> OpenMetricsSettings.from(config("url", "http:/metrics")))
                .hasMessage("metrics.openmetrics.url: has no host; write it like http://127.0.0.1:9900/metrics,"
                        + " was 'http:/metrics'");
    }

    @Test
    void aUrlThatIsNoUrlIsRefused() {
        assertThatThrownBy(() -> OpenMetricsSettings.from(config("url", "http://127.0.0.1:99 00/metrics")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.openmetrics.url: is not a URL (Illegal character in authority);"
                        + " write it like http://127.0.0.1:9900/metrics");
    }

    @Test
    void aUrlWithAPasswordIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> OpenMetricsSettings.from(config("url", "http://stats:s3cret@127.0.0.1:9900/metrics")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("metrics.openmetrics.url: must not contain a user or password")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aZeroTimeoutIsRefused() {
        assertThatThrownBy(() -> OpenMetricsSettings.from(config("url", URL, "timeout", "0s")))
                .hasMessage("metrics.openmetrics.timeout: must be more than 0s, for example 2s");
    }

    @Test
    void anUnknownPresetIsRefused() {
        assertThatThrownBy(() -> OpenMetricsSettings.from(config("url", URL, "preset", "postfix")))
                .hasMessage("metrics.openmetrics.preset: must be one of none, dovecot, was 'postfix'");
    }

    @Test
    void aDottedPatternIsRefusedWithTheFix() {
        assertThatThrownBy(() -> OpenMetricsSettings.from(config("url", URL, "include", "dovecot.auth.*")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.openmetrics.include: 'dovecot.auth.*' is not a name pattern: write the names"
                        + " as the endpoint does (letters, digits, '_', ':') with * and ?, for example dovecot_auth_*");
    }

    private static PluginConfig config(String... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(OpenMetricsSettings.PREFIX + keysAndValues[i], keysAndValues[i + 1]);
        }
        return PluginConfig.of(values);
    }
}
