package dev.push3.auth.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.testkit.RequiresDocker;
import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.testkit.dovecot.DovecotOptions;
import dev.push3.testkit.dovecot.DovecotServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * STLS and implicit TLS against the real Dovecot, with a certificate made for this run
 * that names {@code localhost} only.
 */
@RequiresDocker
class DovecotTlsTest {
    private static DovecotServer dovecot;
    private static Path trustedPem;

    @BeforeAll
    static void startDovecot(@TempDir Path dir) throws Exception {
        dovecot = DovecotServer.start(DovecotOptions.plainPasswords(Map.of("alice", "secret")).withApop().withTls());
        trustedPem = Files.writeString(dir.resolve("pop3-ca.pem"), dovecot.certificate().certificatePem());
    }

    @AfterAll
    static void stopDovecot() {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"starttls", "implicit"})
    void logsInOverTls(String tls) {
        Authenticator authenticator = authenticator(tls, "localhost", Map.of());

        assertThat(authenticator.authenticate(new Credentials("alice", "secret"))).isEqualTo(AuthOutcome.accepted("alice"));
        assertThat(authenticator.authenticate(new Credentials("alice", "wrong"))).isEqualTo(AuthOutcome.rejected());
        assertThat(dovecot.logs()).containsPattern("Login: user=<alice>, method=\\w+, .*TLS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"starttls", "implicit"})
    void refusesACertificateThatDoesNotNameTheHost(String tls) {
        Authenticator authenticator = authenticator(tls, "127.0.0.1", Map.of());

        assertThat(authenticator.authenticate(new Credentials("alice", "secret")))
                .isInstanceOfSatisfying(AuthOutcome.Unavailable.class, u -> assertThat(u.reason())
                        .startsWith("TLS failure with 127.0.0.1:")
                        .contains("No subject alternative names matching IP address 127.0.0.1 found"));
    }

    @Test
    void acceptsAnotherHostNameWhenVerificationIsOff() {
        Authenticator authenticator = authenticator("implicit", "127.0.0.1", Map.of("auth.pop3.verify-hostname", "false"));

        assertThat(authenticator.authenticate(new Credentials("alice", "secret"))).isEqualTo(AuthOutcome.accepted("alice"));
    }

    @Test
    void refusesACertificateItDoesNotTrust() {
        Map<String, String> config = new HashMap<>(baseConfig("starttls", "localhost"));
        config.remove("auth.pop3.truststore"); // the JDK's CA certificates do not include ours
        Authenticator authenticator = new Pop3AuthenticatorProvider().create(PluginConfig.of(config));

        assertThat(authenticator.authenticate(new Credentials("alice", "secret")))
                .isInstanceOfSatisfying(AuthOutcome.Unavailable.class, u -> assertThat(u.reason())
                        .startsWith("TLS failure with localhost:").contains("TLS handshake after STLS")
                        .contains("PKIX path building failed"));
        assertThat(authenticator.metrics().get("push3.auth.pop3.last_reachable")).hasValue(java.math.BigDecimal.ONE);
    }

    @Test
    void readsAPkcs12TrustStore(@TempDir Path dir) throws Exception {
        Path store = dovecot.certificate().writePkcs12TrustStore(dir.resolve("trust.p12"), "changeit");
        Authenticator authenticator = authenticator("implicit", "localhost",
                Map.of("auth.pop3.truststore", store.toString(), "auth.pop3.truststore-password", "changeit"));

        assertThat(authenticator.authenticate(new Credentials("alice", "secret"))).isEqualTo(AuthOutcome.accepted("alice"));
    }

    private static Authenticator authenticator(String tls, String host, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(baseConfig(tls, host));
        config.putAll(extra);
        return new Pop3AuthenticatorProvider().create(PluginConfig.of(config));
    }

    private static Map<String, String> baseConfig(String tls, String host) {
        int port = tls.equals("implicit") ? dovecot.pop3sPort() : dovecot.pop3Port();
        return Map.of("auth.pop3.host", host, "auth.pop3.port", String.valueOf(port), "auth.pop3.tls", tls,
                "auth.pop3.truststore", trustedPem.toString(), "auth.pop3.mechanism", "user");
    }
}
