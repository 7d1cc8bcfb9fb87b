package dev.push3.core.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    /** Every key declared as read is read: a bad value of it is refused naming it. */
    @Test
    void everyDeclaredKeyIsRead() {
        for (String key : ServerSettings.KEYS) {
            assertThatThrownBy(() -> ServerSettings.fromConfig(PluginConfig.of(Map.of(key, "not-a-value"))))
                    .as(key).isInstanceOf(ConfigException.class).hasMessageStartingWith(key + ": ");
        }
    }
}
