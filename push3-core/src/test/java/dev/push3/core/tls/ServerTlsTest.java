package dev.push3.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.ConfigException;
import dev.push3.testkit.OpenSsl;
import dev.push3.testkit.RequiresProgram;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Certificates and keys as openssl writes them, served over real TLS handshakes on loopback. */
@RequiresProgram(value = "openssl", hint = "apt-get install openssl")
class ServerTlsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "PKCS#1 RSA (openssl genrsa -traditional) | BEGIN RSA PRIVATE KEY | genrsa -traditional -out key.pem 2048",
        "SEC1 EC (openssl ecparam -genkey)         | BEGIN EC PRIVATE KEY  | ecparam -name prime256v1 -genkey -noout -out key.pem",
        "PKCS#8 RSA (openssl genpkey)              | BEGIN PRIVATE KEY     | genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem",
        "PKCS#8 EC (openssl genpkey)               | BEGIN PRIVATE KEY     | genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem",
    })
    void servesAKeyInEachFormatOpensslWrites(String format, String header, String command) throws Exception {
        OpenSsl.run(dir, command.split(" "));
        assertThat(Files.readString(dir.resolve("key.pem"))).contains(header);
        Path certificate = OpenSsl.selfSigned(dir, "key.pem", "cert.pem", "localhost");

        try (ServerTls tls = ServerTls.start(settings(certificate, dir.resolve("key.pem")))) {
            assertThat(handshake(tls, "TLSv1.3").getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
            assertThat(handshake(tls, "TLSv1.2").getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        }
    }

    @Test
    void protocolsBelowTls12AreRefused() throws Exception {
        OpenSsl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem");
        Path certificate = OpenSsl.selfSigned(dir, "key.pem", "cert.pem", "localhost");
        try (ServerTls tls = ServerTls.start(settings(certificate, dir.resolve("key.pem")))) {
            assertThatThrownBy(() -> handshake(tls, "TLSv1.1")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateStopsStartUpNamingBothFiles() throws Exception {
        OpenSsl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem");
        OpenSsl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "other.pem");
        Path certificate = OpenSsl.selfSigned(dir, "key.pem", "cert.pem", "localhost");

        assertThatThrownBy(() -> ServerTls.start(settings(certificate, dir.resolve("other.pem"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("server.tls.key: the key in " + dir.resolve("other.pem") + " does not match the certificate in "
                        + certificate);
    }

    @Test
    void missingEncryptedOrWrongFilesStopStartUpNamingTheKeyAndFile() throws Exception {
        OpenSsl.run(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-aes256",
                "-pass", "pass:secret", "-out", "encrypted.pem");
        OpenSsl.run(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "key.pem");
        Path certificate = OpenSsl.selfSigned(dir, "key.pem", "cert.pem", "localhost");

        assertThatThrownBy(() -> ServerTls.start(settings(dir.resolve("nope.pem"), dir.resolve("key.pem"))))
                .hasMessageStartingWith("server.tls.cert: ").hasMessageContaining(dir.resolve("nope.pem").toString());
        assertThatThrownBy(() -> ServerTls.start(settings(certificate, dir.resolve("encrypted.pem"))))
                .hasMessageStartingWith("server.tls.key: " + dir.resolve("encrypted.pem") + " holds an encrypted private key");
        assertThatThrownBy(() -> ServerTls.start(settings(dir.resolve("key.pem"), dir.resolve("key.pem"))))
                .hasMessage("server.tls.cert: " + dir.resolve("key.pem") + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        assertThatThrownBy(() -> ServerTls.start(settings(certificate, certificate)))
                .hasMessageStartingWith("server.tls.key: " + certificate + " holds no PEM private key");
    }

    @Test
    void anExpiredCertificateStopsStartUp() throws Exception {
        // RSA: the JDK's encoding of an EC key leaves the curve to the outer PKCS#8 layer, which PEM's SEC1 form drops.
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Instant start = Instant.parse("2020-01-01T00:00:00Z");
        X509Certificate expired = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name("CN=localhost"), BigInteger.ONE, Date.from(start), Date.from(start.plus(Duration.ofDays(90))),
                new X500Name("CN=localhost"), keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        Path certificate = pem(dir.resolve("expired.pem"), expired);
        Path key = pem(dir.resolve("key.pem"), keys.getPrivate());

        assertThatThrownBy(() -> ServerTls.start(settings(certificate, key))).isInstanceOf(ConfigException.class)
                .hasMessage("server.tls.cert: the certificate in " + certificate + " expired on 2020-03-31T00:00:00Z");
    }

    @Test
    void replacedFilesAreServedWithoutRestartAndABadNewPairKeepsTheOld() throws Exception {
        OpenSsl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem");
        Path certificate = OpenSsl.selfSigned(dir, "key.pem", "cert.pem", "first");
        Path key = dir.resolve("key.pem");
        try (ServerTls tls = ServerTls.start(settings(certificate, key))) {
            assertThat(handshake(tls, "TLSv1.3").getSubjectX500Principal().getName()).isEqualTo("CN=first");
            assertThat(tls.reloadIfChanged()).as("nothing changed").isFalse();

            // A certificate for another key, while the key file still holds the old one: refused.
            OpenSsl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "next-key.pem");
            OpenSsl.selfSigned(dir, "next-key.pem", "next-cert.pem", "second");
            Files.move(dir.resolve("next-cert.pem"), certificate, StandardCopyOption.REPLACE_EXISTING);
            assertThat(tls.reloadIfChanged()).isFalse();
            assertThat(handshake(tls, "TLSv1.3").getSubjectX500Principal().getName()).isEqualTo("CN=first");

            // The key follows, as certbot's renewal writes it: now the pair is served.
            Files.move(dir.resolve("next-key.pem"), key, StandardCopyOption.REPLACE_EXISTING);
            assertThat(tls.reloadIfChanged()).isTrue();
            assertThat(handshake(tls, "TLSv1.3").getSubjectX500Principal().getName()).isEqualTo("CN=second");
            assertThat(tls.certificateTimeLeft()).isBetween(Duration.ofDays(1), Duration.ofDays(2));
        }
    }

    @Test
    void onlyStrongSuitesAreEnabled() {
        assertThat(ServerTls.strong("TLS_AES_128_GCM_SHA256")).isTrue();
        assertThat(ServerTls.strong("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")).isTrue();
        assertThat(ServerTls.strong("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")).isTrue();
        assertThat(ServerTls.strong("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256")).isFalse();
        assertThat(ServerTls.strong("TLS_RSA_WITH_AES_128_GCM_SHA256")).isFalse();
        assertThat(ServerTls.strong("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256")).isFalse();
    }

    private TlsSettings settings(Path certificate, Path key) {
        return new TlsSettings(Optional.of(certificate), Optional.of(key), OptionalInt.empty(), true,
                TlsSettings.ClientAuth.NONE, Optional.empty(), Duration.ofHours(1));
    }

    /** One handshake over loopback; returns the certificate the client was shown. */
    private static X509Certificate handshake(ServerTls tls, String protocol) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket accepted = listener.accept(); SSLSocket server = tls.wrap(accepted)) {
                    server.startHandshake();
                    server.getOutputStream().write('x');
                    server.getOutputStream().flush();
                    InputStream in = server.getInputStream();
                    in.read();
                } catch (IOException e) {
                    // the client's refusal shows in the client's exception
                }
            });
            SSLContext client = SSLContext.getInstance("TLS");
            TrustAll trust = new TrustAll();
            client.init(null, new TrustManager[] {trust}, null);
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                    listener.getLocalPort())) {
                socket.setEnabledProtocols(new String[] {protocol});
                socket.startHandshake();
                assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
                assertThat(socket.getInputStream().read()).isEqualTo('x');
                socket.getOutputStream().write('y');
                socket.getOutputStream().flush();
                served.join();
                return (X509Certificate) socket.getSession().getPeerCertificates()[0];
            } catch (SSLHandshakeException e) {
                throw new IOException("handshake refused: " + e.getMessage(), e);
            }
        }
    }

    private static Path pem(Path file, Object object) throws IOException {
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(file))) {
            writer.writeObject(object);
        }
        return file;
    }

    /** The test checks which certificate is served, not who signed it. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
