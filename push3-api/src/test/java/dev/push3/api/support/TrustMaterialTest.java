package dev.push3.api.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One set of rules for every kind of trust file, with files made by the JDK's keytool. */
class TrustMaterialTest {
    private static final String KEY = "x.truststore";
    private static final String PASSWORD_KEY = "x.truststore-password";

    @TempDir
    static Path dir;
    private static Path pem;
    private static Path pkcs12;
    private static Path jks;

    @BeforeAll
    static void makeFiles() throws Exception {
        Path ca = dir.resolve("ca.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=Push3 test CA", "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", "secret1");
        pem = dir.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-file", pem.toString(), "-keystore", ca.toString(),
                "-storepass", "secret1");
        pkcs12 = dir.resolve("trust.p12");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", pem.toString(), "-keystore", pkcs12.toString(),
                "-storetype", "PKCS12", "-storepass", "secret2");
        jks = dir.resolve("trust.jks");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", pem.toString(), "-keystore", jks.toString(),
                "-storetype", "JKS", "-storepass", "secret3");
    }

    @Test
    void readsThePemFileAndBothStoreTypesByTheirContentToTheSameCertificate() throws Exception {
        X509Certificate fromPem = TrustMaterial.read(pem, KEY).certificates().getFirst();
        Path pemAfterText = Files.writeString(dir.resolve("text.pem"), "Certificate:\n  (openssl x509 -text)\n"
                + Files.readString(pem));

        assertThat(fromPem.getSubjectX500Principal().getName()).isEqualTo("CN=Push3 test CA");
        assertThat(TrustMaterial.read(pemAfterText, KEY).certificates()).containsExactly(fromPem);
        assertThat(TrustMaterial.read(pkcs12, "secret2".toCharArray(), KEY, PASSWORD_KEY).certificates())
                .containsExactly(fromPem);
        assertThat(TrustMaterial.read(jks, "secret3".toCharArray(), KEY, PASSWORD_KEY).certificates())
                .containsExactly(fromPem);
        assertThat(TrustMaterial.read(pem, KEY).trustManagers()).isNotEmpty();
        assertThat(TrustMaterial.read(pem, KEY).plusJvmDefaults().certificates()).contains(fromPem).hasSizeGreaterThan(1);
    }

    @Test
    void aWrongPasswordNamesTheFileAndThePasswordKeyButNotThePassword() {
        assertThatThrownBy(() -> TrustMaterial.read(pkcs12, "wrong-secret".toCharArray(), KEY, PASSWORD_KEY))
                .isInstanceOf(ConfigException.class)
                .hasMessage(KEY + ": cannot read " + pkcs12 + " as a PEM file, a PKCS12 or a JKS trust store (keystore"
                        + " password was incorrect); give a PEM file of CA certificates, or a PKCS12 or JKS trust store"
                        + " and its password in " + PASSWORD_KEY)
                .message().doesNotContain("wrong-secret");
    }

    @Test
    void aMissingFileAPemFileWithoutCertificatesAndABrokenOneAreNamed() throws IOException {
        Path missing = dir.resolve("missing.pem");
        Path keyOnly = Files.writeString(dir.resolve("key.pem"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        Path garbage = Files.write(dir.resolve("garbage"), new byte[] {0x30, 0x01, 0x02});

        assertThatThrownBy(() -> TrustMaterial.read(missing, "--cafile"))
                .isInstanceOf(ConfigException.class).hasMessage("--cafile: cannot read " + missing + ": no such file");
        assertThatThrownBy(() -> TrustMaterial.read(keyOnly, KEY))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(KEY + ": cannot read a certificate in " + keyOnly);
        assertThatThrownBy(() -> TrustMaterial.read(garbage, KEY))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(KEY + ": cannot read " + garbage + " as a PEM file, a PKCS12 or a JKS trust store (")
                .hasMessageEndingWith("); give a PEM file of CA certificates, or a PKCS12 or JKS trust store");
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
