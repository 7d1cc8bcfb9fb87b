package dev.push3.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca-key.pem");
        openssl(dir, "req", "-x509", "-new", "-key", "ca-key.pem", "-subj", "/CN=Push3 Test CA", "-days", "2", "-out", "ca.pem");
        openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem");
        openssl(dir, "req", "-x509", "-new", "-key", "key.pem", "-subj", "/CN=localhost", "-days", "2",
                "-addext", "subjectAltName=DNS:localhost", "-addext", "basicConstraints=critical,CA:FALSE",
                "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-out", "cert.pem");
        return new LocalhostCertificate(dir.resolve("ca.pem"), dir.resolve("cert.pem"), dir.resolve("key.pem"));
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + output);
        }
    }
}
