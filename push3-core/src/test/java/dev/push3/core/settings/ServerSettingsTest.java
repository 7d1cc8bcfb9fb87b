package dev.push3.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The abuse limits are read from their keys, with their defaults, and bad values name the key. */
class ServerSettingsTest {

    @Test
    void theAbuseLimitsHaveTheirDefaults() {
        ServerSettings settings = ServerSettings.fromConfig(PluginConfig.empty());
        assertThat(settings.maxConnectionsPerAddress()).isEqualTo(64);
        assertThat(settings.loginTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.writeTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.penaltyMax()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void theAbuseLimitsAreReadFromTheirKeys() {
        ServerSettings settings = ServerSettings.fromConfig(PluginConfig.of(Map.of(
                "server.max-connections-per-address", "5", "server.login-timeout", "2m",
                "server.write-timeout", "0s", "auth.penalty.max", "1m")));
        assertThat(settings.maxConnectionsPerAddress()).isEqualTo(5);
        assertThat(settings.loginTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.writeTimeout()).isZero();
        assertThat(settings.penaltyMax()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> ServerSettings.fromConfig(PluginConfig.of(Map.of("server.max-connections-per-address", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.max-connections-per-address");
        assertThatThrownBy(() -> ServerSettings.builder().writeTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.write-timeout");
        assertThatThrownBy(() -> ServerSettings.builder().loginTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.login-timeout");
        assertThatThrownBy(() -> ServerSettings.builder().penaltyMax(Duration.ofDays(365)).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("auth.penalty.max");
    }

    /** auth.admins names users as LOGIN takes them: printable ASCII without spaces. */
    @Test
    void theAdministratorsAreLoginUserNames() {
        assertThat(ServerSettings.fromConfig(PluginConfig.of(Map.of("auth.admins", "root, ops"))).admins())
                .containsExactlyInAnyOrder("root", "ops");
        assertThat(ServerSettings.fromConfig(PluginConfig.empty()).admins()).isEmpty();
        assertThatThrownBy(() -> ServerSettings.fromConfig(PluginConfig.of(Map.of("auth.admins", "root,bé"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("auth.admins: a user name is printable ASCII without spaces, as LOGIN takes it, was 'bé'");
    }

    /** Every key declared as read is read: a bad value of it is refused naming it. */
    @Test
    void everyDeclaredKeyIsRead() {
        for (String key : ServerSettings.KEYS) {
            if (key.equals(ServerSettings.ADMINS)) {
                continue; // a list of user names: any LOGIN user name is a value, checked below
            }
            assertThatThrownBy(() -> ServerSettings.fromConfig(PluginConfig.of(Map.of(key, "not-a-value"))))
                    .as(key).isInstanceOf(ConfigException.class).hasMessageStartingWith(key + ": ");
        }
    }
}
