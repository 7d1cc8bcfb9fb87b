package dev.push3.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmxSettingsTest {
    private static final String URL = "service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi";

    private static JmxSettings settings(Map<String, String> keys) {
        return JmxSettings.from(PluginConfig.of(keys));
    }

    @Test
    void defaultsToThePlatformServerBothPresetsAndTwoSeconds() {
        JmxSettings settings = settings(Map.of());
        assertThat(settings.target()).isEqualTo(new JmxTarget.Platform());
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.rules()).hasSize(Preset.JAMES_POP3.rules().size() + Preset.JVM.rules().size());
    }

    @Test
    void aRemoteTargetWithCredentialsNeverShowsThePassword() {
        JmxSettings settings = settings(Map.of("metrics.jmx.url", URL, "metrics.jmx.user", "monitorRole",
                "metrics.jmx.password", "hunter2"));
        JmxTarget.Remote remote = (JmxTarget.Remote) settings.target();
        assertThat(remote.describe()).isEqualTo(URL + " as user 'monitorRole'");
        assertThat(remote.toString()).doesNotContain("hunter2");
    }

    @Test
    void onePresetOrNoneIsChosenByName(@TempDir Path dir) throws Exception {
        assertThat(settings(Map.of("metrics.jmx.presets", "JVM")).rules()).isEqualTo(Preset.JVM.rules());
        Path rules = Files.writeString(dir.resolve("r"), "a:type=b V v\n");
        assertThat(settings(Map.of("metrics.jmx.presets", "none", "metrics.jmx.rules", rules.toString())).rules())
                .extracting(MappingRule::toString).containsExactly("a:type=b V v");
    }

    @Test
    void errorsNameTheSettingAndTheFix(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> settings(Map.of("metrics.jmx.url", "rmi://x")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("metrics.jmx.url: is not a JMX service URL");
        assertThatThrownBy(() -> settings(Map.of("metrics.jmx.user", "u", "metrics.jmx.password", "p")))
                .hasMessage("metrics.jmx.user: only applies to a remote agent; set metrics.jmx.url"
                        + " (for example service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi) or remove it");
        assertThatThrownBy(() -> settings(Map.of("metrics.jmx.url", URL, "metrics.jmx.user", "u")))
                .hasMessage("metrics.jmx.password: is required when metrics.jmx.user is set:"
                        + " the agent's password file pairs a user with a password");
        assertThatThrownBy(() -> settings(Map.of("metrics.jmx.url", URL, "metrics.jmx.ssl.truststore", "/t.p12")))
                .hasMessage("metrics.jmx.ssl.truststore: only applies with metrics.jmx.ssl=true");
        String stubUrl = "service:jmx:rmi://127.0.0.1/stub/rO0ABQ==";
        assertThatThrownBy(() -> settings(Map.of("metrics.jmx.url", stubUrl, "metrics.jmx.ssl", "true")))
                .hasMessage("metrics.jmx.ssl: needs metrics.jmx.url to name the agent's registry, like"
                        + " service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi; was " + stubUrl);
        assertThatThrownBy(() -> settings(Map.of("metrics.jmx.timeout", "0s")))
                .hasMessage("metrics.jmx.timeout: must be more than 0 and at most 1m, was 0ms");
        assertThatThrownBy(() -> settings(Map.of("metrics.jmx.presets", "jvm,james")))
                .hasMessage("metrics.jmx.presets: unknown preset 'james'; available: james-pop3, jvm (or none)");
        assertThatThrownBy(() -> settings(Map.of("metrics.jmx.presets", "none")))
                .hasMessage("metrics.jmx.presets: leaves no mapping rule, so the source would report nothing;"
                        + " choose a preset (james-pop3, jvm) or add rules to metrics.jmx.rules");
        Path bad = Files.writeString(dir.resolve("bad.rules"), "# ok\nnot-an-object-name V v\n");
        assertThatThrownBy(() -> settings(Map.of("metrics.jmx.rules", bad.toString())))
                .hasMessage("metrics.jmx.rules: " + bad + " line 2: 'not-an-object-name' is not an ObjectName pattern:"
                        + " Key properties cannot be empty (see the rule syntax in docs/CONFIGURATION.md)");
    }
}
