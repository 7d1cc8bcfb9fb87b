package dev.push3.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.core.settings.ServerSettings;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server.tls.* keys as read from configuration; no file is read here (ServerTlsTest reads them). */
class TlsSettingsTest {
    private static final Map<String, String> PAIR = Map.of("server.tls.cert", "cert.pem", "server.tls.key", "key.pem");

    private static TlsSettings read(Map<String, String> keys, String bind) throws Exception {
        return TlsSettings.fromConfig(PluginConfig.of(keys), InetAddress.getByName(bind));
    }

    private static Map<String, String> with(Map<String, String> keys, String key, String value) {
        Map<String, String> all = new HashMap<>(keys);
        all.put(key, value);
        return all;
    }

    @Test
    void requiredByDefaultExactlyOffLoopback() throws Exception {
        assertThat(read(PAIR, "192.0.2.1").required()).isTrue();
        assertThat(read(PAIR, "::").required()).isTrue();
        assertThat(read(PAIR, "127.0.0.1").required()).isFalse();
        assertThat(read(PAIR, "::1").required()).isFalse();
        assertThat(read(with(PAIR, "server.tls.required", "false"), "192.0.2.1").required()).isFalse();
        assertThat(read(with(PAIR, "server.tls.required", "true"), "127.0.0.1").required()).isTrue();
        assertThat(read(Map.of(), "127.0.0.1")).isEqualTo(TlsSettings.off());
    }

    @Test
    void requiredWithoutACertificateSaysWhatToSet() {
        assertThatThrownBy(() -> read(Map.of(), "192.0.2.1")).isInstanceOf(ConfigException.class)
                .hasMessage("server.tls.required: LOGIN must be protected by TLS on 192.0.2.1, which is not a loopback "
                        + "address: set server.tls.cert and server.tls.key (or server.tls.required=false on a network you trust)");
        assertThatThrownBy(() -> read(Map.of("server.tls.required", "true"), "127.0.0.1"))
                .hasMessage("server.tls.required: LOGIN must be protected by TLS: set server.tls.cert and server.tls.key "
                        + "(or server.tls.required=false on a network you trust)");
    }

    @Test
    void partsThatDoNotFitAreRefusedNamingTheKeySet() {
        assertThatThrownBy(() -> read(Map.of("server.tls.key", "key.pem"), "127.0.0.1"))
                .hasMessage("server.tls.key: needs server.tls.cert too");
        assertThatThrownBy(() -> read(Map.of("server.tls.port", "2255"), "127.0.0.1"))
                .hasMessage("server.tls.port: needs server.tls.cert and server.tls.key");
        assertThatThrownBy(() -> read(with(PAIR, "server.tls.client-auth", "want"), "127.0.0.1"))
                .hasMessage("server.tls.client-auth: server.tls.client-auth=want or need and server.tls.client-ca go together");
        assertThatThrownBy(() -> read(with(PAIR, "server.tls.client-auth", "maybe"), "127.0.0.1"))
                .hasMessage("server.tls.client-auth: must be none, want or need, was 'maybe'");
        assertThatThrownBy(() -> read(with(PAIR, "server.tls.check-interval", "0s"), "127.0.0.1"))
                .hasMessage("server.tls.check-interval: must be more than 0s");
    }

    @Test
    void theImplicitTlsPortMustDifferFromThePush3Port() {
        Map<String, String> keys = with(with(PAIR, "server.tls.port", "2254"), "server.port", "2254");
        assertThatThrownBy(() -> ServerSettings.fromConfig(PluginConfig.of(keys)))
                .hasMessage("server.tls.port: must differ from server.port, both were 2254");
        assertThat(ServerSettings.fromConfig(PluginConfig.of(with(PAIR, "server.tls.port", "2255"))).tls().implicitPort())
                .hasValue(2255);
    }
}
