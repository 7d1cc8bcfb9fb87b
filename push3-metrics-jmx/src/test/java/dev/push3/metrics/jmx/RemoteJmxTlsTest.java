package dev.push3.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.api.metrics.MetricsUnavailableException;
import dev.push3.metrics.jmx.agent.ChildJvm;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK agent over TLS, registry included, with a key pair made by {@code keytool} for
 * this run; Push3 trusts it through {@code metrics.jmx.ssl.truststore}.
 */
class RemoteJmxTlsTest {
    private static final String AGENT_STORE_PASSWORD = "agent-store-pw";
    private static final String TRUST_STORE_PASSWORD = "trust-store-pw";

    @TempDir
    static Path dir;
    private static ChildJvm child;
    private static Path trustStore;
    private static Path trustPem;

    @BeforeAll
    static void startAgent() throws Exception {
        Path agentStore = dir.resolve("agent.p12");
        Path certificate = dir.resolve("agent.cer");
        trustStore = dir.resolve("trust.p12");
        trustPem = dir.resolve("agent.pem");
        keytool("-genkeypair", "-alias", "agent", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-keystore", agentStore.toString(), "-storetype", "PKCS12", "-storepass", AGENT_STORE_PASSWORD);
        keytool("-exportcert", "-alias", "agent", "-file", certificate.toString(),
                "-keystore", agentStore.toString(), "-storepass", AGENT_STORE_PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "agent", "-file", certificate.toString(),
                "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", TRUST_STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "agent", "-file", trustPem.toString(),
                "-keystore", agentStore.toString(), "-storepass", AGENT_STORE_PASSWORD);
        child = ChildJvm.start(List.of(
                "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=true",
                "-Dcom.sun.management.jmxremote.registry.ssl=true",
                "-Djavax.net.ssl.keyStore=" + agentStore,
                "-Djavax.net.ssl.keyStoreType=PKCS12",
                "-Djavax.net.ssl.keyStorePassword=" + AGENT_STORE_PASSWORD));
    }

    @AfterAll
    static void stopAgent() {
        child.close();
    }

    @Test
    void readsOverTlsTrustingTheConfiguredStore() throws Exception {
        try (MetricsSource source = new JmxSourceProvider().create(PluginConfig.of(Map.of(
                "metrics.jmx.url", child.url(),
                "metrics.jmx.ssl", "true",
                "metrics.jmx.ssl.truststore", trustStore.toString(),
                "metrics.jmx.ssl.truststore.type", "PKCS12",
                "metrics.jmx.ssl.truststore.password", TRUST_STORE_PASSWORD)))) {
            child.send("connect");
            assertThat(source.collect().get("pop3.pop3server.current_connections")).contains(BigDecimal.ONE);
        }
    }

    /**
     * Trust material is read by one set of rules for every Push3 TLS client: a PEM file of the
     * agent's certificate works as the POP3 authenticator's does (this source read key stores
     * only, as PKCS12 unless told otherwise).
     */
    @Test
    void readsOverTlsTrustingAPemFile() throws Exception {
        try (MetricsSource source = new JmxSourceProvider().create(PluginConfig.of(Map.of(
                "metrics.jmx.url", child.url(),
                "metrics.jmx.timeout", "10s", // a first TLS connection on a busy machine
                "metrics.jmx.ssl", "true",
                "metrics.jmx.ssl.truststore", trustPem.toString())))) {
            assertThat(source.collect().get("pop3.pop3server.maximum_concurrent_connections")).isPresent();
        }
    }

    /**
     * The trust store is this source's alone: the JVM's default TLS context, which the POP3
     * backend over TLS and the OpenMetrics source's HTTP client use, neither changes nor
     * trusts the agent's certificate; and no system property changes.
     */
    @Test
    void theTrustStoreChangesNothingOutsideTheSource() throws Exception {
        SSLContext defaultBefore = SSLContext.getDefault();
        Properties propertiesBefore = (Properties) System.getProperties().clone();
        try (MetricsSource source = new JmxSourceProvider().create(PluginConfig.of(Map.of(
                "metrics.jmx.url", child.url(),
                "metrics.jmx.timeout", "10s", // a first TLS connection on a busy machine
                "metrics.jmx.ssl", "true",
                "metrics.jmx.ssl.truststore", trustStore.toString(),
                "metrics.jmx.ssl.truststore.type", "PKCS12",
                "metrics.jmx.ssl.truststore.password", TRUST_STORE_PASSWORD)))) {
            assertThat(source.collect().get("pop3.pop3server.maximum_concurrent_connections")).isPresent();

            // A new HttpClient (the OpenMetrics source's) and the POP3 backend's sockets take this default.
            assertThat(SSLContext.getDefault()).isSameAs(defaultBefore);
            assertThat(System.getProperties()).isEqualTo(propertiesBefore);
            try (SSLSocket socket = (SSLSocket) SSLSocketFactory.getDefault().createSocket("127.0.0.1", child.port())) {
                assertThatThrownBy(socket::startHandshake).as("the default context trusts the agent's certificate")
                        .isInstanceOf(SSLHandshakeException.class)
                        .hasMessageContaining("PKIX path building failed");
            }
        }
    }

    @Test
    void aPlainClientCannotReadATlsAgent() {
        try (MetricsSource source = new JmxSourceProvider().create(PluginConfig.of(Map.of(
                "metrics.jmx.url", child.url(), "metrics.jmx.timeout", "1s")))) {
            assertThatThrownBy(source::collect).isInstanceOf(MetricsUnavailableException.class);
        }
    }

    @Test
    void aWrongTrustStorePasswordStopsStartUpWithoutShowingIt() {
        assertThatThrownBy(() -> new JmxSourceProvider().create(PluginConfig.of(Map.of(
                "metrics.jmx.url", child.url(),
                "metrics.jmx.ssl", "true",
                "metrics.jmx.ssl.truststore", trustStore.toString(),
                "metrics.jmx.ssl.truststore.password", "wrong-" + TRUST_STORE_PASSWORD))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.jmx.ssl.truststore: cannot read " + trustStore + " as a PEM file, a PKCS12 or a JKS"
                        + " trust store (keystore password was incorrect); give a PEM file of CA certificates, or a PKCS12"
                        + " or JKS trust store and its password in metrics.jmx.ssl.truststore.password");
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
