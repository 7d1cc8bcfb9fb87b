package dev.push3.app.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor.Version;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiCompatibilityTest {

    @ParameterizedTest(name = "plugin {0} on server {1}: {2}")
    @CsvSource({
        "0.1.0, 0.1.0, true",
        "0.1.0-SNAPSHOT, 0.1.0, true",
        "0.1.0, 0.1.0-SNAPSHOT, true",
        "0.1.0, 0.1.3, true",
        "0.1.3, 0.1.0, false",
        "0.1.0, 0.2.0, false",
        "0.2.0, 0.1.0, false",
        "1.0.0, 1.4.2, true",
        "1.5.0, 1.4.2, false",
        "1.4.2, 2.0.0, false",
        "2.0.0, 1.9.0, false",
    })
    void aPluginRunsOnTheSameApiLineWhenNotNewer(String plugin, String server, boolean runs) {
        assertThat(ApiCompatibility.problem(Version.parse(plugin), Version.parse(server)).isEmpty()).isEqualTo(runs);
    }

    @ParameterizedTest
    @CsvSource({"0.2.0, 0.1.0"})
    void theRefusalNamesBothVersionsAndTheFix(String plugin, String server) {
        assertThat(ApiCompatibility.problem(Version.parse(plugin), Version.parse(server))).hasValue(
                "compiled against push3-api 0.2.0, but this server has push3-api 0.1.0; use a build of the plugin for push3-api 0.1.0");
    }
}
