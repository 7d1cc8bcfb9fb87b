package dev.push3.app.cli;

import dev.push3.testkit.OpenSsl;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A test CA and a certificate it signed for {@code localhost} only (no IP address), made
 * with the openssl command at test time, as an operator would.
 *
 * @param ca the CA certificate, PEM
 * @param certificate the server's certificate, PEM
 * @param key the server's private key, PEM (SEC1)
 */
record LocalhostCertificate(Path ca, Path certificate, Path key) {

    static LocalhostCertificate create(Path dir) throws IOException, InterruptedException {
        Path ca = OpenSsl.testCa(dir);
        OpenSsl.ecKey(dir, "key.pem");
        Path certificate = OpenSsl.signed(dir, "key.pem", "cert.pem", "localhost", "subjectAltName=DNS:localhost");
        return new LocalhostCertificate(ca, certificate, dir.resolve("key.pem"));
    }
}
