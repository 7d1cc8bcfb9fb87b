package dev.push3.auth.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthenticatorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth.pop3.* keys: defaults, parsing, and the error each mistake produces. */
class Pop3SettingsTest {

    @Test
    void hasSafeDefaults() {
        Pop3Settings settings = Pop3Settings.from(config(Map.of()));

        assertThat(settings).isEqualTo(new Pop3Settings("127.0.0.1", 110, TlsMode.NONE, Duration.ofSeconds(2),
                Duration.ofSeconds(20), Optional.empty(), false, Duration.ZERO, 10_000, ForwardClient.AUTO, 50));
    }

    @Test
    void usesPort995ForImplicitTlsUnlessAPortIsGiven() {
        assertThat(Pop3Settings.from(config(Map.of("auth.pop3.tls", "implicit"))).port()).isEqualTo(995);
        assertThat(Pop3Settings.from(config(Map.of("auth.pop3.tls", "IMPLICIT", "auth.pop3.port", "1995"))).port())
                .isEqualTo(1995);
    }

    @Test
    void readsEveryKey() {
        Pop3Settings settings = Pop3Settings.from(config(Map.of("auth.pop3.tls", "starttls",
                "auth.pop3.connect-timeout", "750ms", "auth.pop3.read-timeout", "PT20S",
                "auth.pop3.mechanism", "sasl-plain", "auth.pop3.allow-plaintext", "true",
                "auth.pop3.cache-ttl", "10m", "auth.pop3.cache-size", "50",
                "auth.pop3.forward-client", "none", "auth.pop3.max-sessions", "7")));

        assertThat(settings).isEqualTo(new Pop3Settings("127.0.0.1", 110, TlsMode.STARTTLS, Duration.ofMillis(750),
                Duration.ofSeconds(20), Optional.of(Mechanism.SASL_PLAIN), true, Duration.ofMinutes(10), 50,
                ForwardClient.NONE, 7));
    }

    @Test
    void requiresAHost() {
        assertThatThrownBy(() -> Pop3Settings.from(PluginConfig.of(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("auth.pop3.host: is required but not set");
    }

    @Test
    void namesTheKeyOfAWrongValue() {
        assertThatThrownBy(() -> Pop3Settings.from(config(Map.of("auth.pop3.tls", "ssl"))))
                .hasMessage("auth.pop3.tls: must be one of none, starttls, implicit, was 'ssl'");
        assertThatThrownBy(() -> Pop3Settings.from(config(Map.of("auth.pop3.mechanism", "cram-md5"))))
                .hasMessage("auth.pop3.mechanism: must be one of auto, user, apop, sasl-plain, was 'cram-md5'");
        assertThatThrownBy(() -> Pop3Settings.from(config(Map.of("auth.pop3.port", "0"))))
                .hasMessage("auth.pop3.port: must be between 1 and 65535, was 0");
        assertThatThrownBy(() -> Pop3Settings.from(config(Map.of("auth.pop3.forward-client", "xclient"))))
                .hasMessage("auth.pop3.forward-client: must be one of auto, none, was 'xclient'");
        assertThatThrownBy(() -> Pop3Settings.from(config(Map.of("auth.pop3.max-sessions", "0"))))
                .hasMessage("auth.pop3.max-sessions: must be between 1 and 10000, was 0");
    }

    @Test
    void refusesATimeoutThatWouldWaitForever() {
        assertThatThrownBy(() -> Pop3Settings.from(config(Map.of("auth.pop3.read-timeout", "0s"))))
                .hasMessage("auth.pop3.read-timeout: must be at least 1ms and at most 5m, was 0ms"
                        + " (a timeout of 0 would wait forever)");
    }

    @Test
    void refusesAtStartUpToSendPasswordsInClearToAnotherHost() {
        // 192.0.2.1 is TEST-NET-1: a literal, so nothing is resolved or contacted.
        Map<String, String> remote = Map.of("auth.pop3.host", "192.0.2.1", "auth.pop3.mechanism", "user");

        assertThatThrownBy(() -> Pop3Settings.from(PluginConfig.of(remote)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("auth.pop3.tls: is none and auth.pop3.mechanism=user would send passwords in clear text to"
                        + " 192.0.2.1, which is not a loopback address; set auth.pop3.tls=starttls or implicit, or"
                        + " auth.pop3.allow-plaintext=true if that network is trusted");
        Map<String, String> allowed = new HashMap<>(remote);
        allowed.put("auth.pop3.allow-plaintext", "true");
        assertThat(Pop3Settings.from(PluginConfig.of(allowed)).allowPlaintext()).isTrue();
        Map<String, String> apop = new HashMap<>(remote);
        apop.put("auth.pop3.mechanism", "apop"); // APOP never sends the password itself
        assertThat(Pop3Settings.from(PluginConfig.of(apop)).mechanism()).contains(Mechanism.APOP);
    }

    @Test
    void namesAnUnreadableTrustStoreAndHowToFixIt(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("trust.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n");

        assertThatThrownBy(() -> TlsClient.from(config(Map.of("auth.pop3.truststore", garbage.toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("auth.pop3.truststore: cannot read a certificate in " + garbage + ": ");
        Path notAStore = Files.write(dir.resolve("trust.p12"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> TlsClient.from(config(Map.of("auth.pop3.truststore", notAStore.toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("auth.pop3.truststore: cannot read " + notAStore + " as a PEM file, a PKCS12 or a JKS"
                        + " trust store (")
                .hasMessageEndingWith("); give a PEM file of CA certificates, or a PKCS12 or JKS trust store and its"
                        + " password in auth.pop3.truststore-password");
    }

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        assertThat(ServiceLoader.load(AuthenticatorProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .map(AuthenticatorProvider::name))
                .contains("pop3");
    }

    private static PluginConfig config(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.putIfAbsent("auth.pop3.host", "127.0.0.1");
        return PluginConfig.of(all);
    }
}
