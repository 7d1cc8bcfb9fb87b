package dev.push3.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the openssl command, as an operator making keys and certificates would; for tests that make TLS material at test time. */
public final class OpenSsl {
    private OpenSsl() {
    }

    /**
     * Runs {@code openssl ARGS} in a directory, with no input.
     *
     * @param dir the working directory, where relative file names are read and written
     * @param args the arguments, for example {@code ecparam -name prime256v1 -genkey -noout -out key.pem}
     * @return what openssl wrote, standard output and error together
     * @throws IOException when openssl cannot be run, fails, or takes more than 60 s; with its output
     * @throws InterruptedException when interrupted while waiting for it
     */
    public static String run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + output);
        }
        return output;
    }

    /**
     * Makes a certificate valid for 2 days, self-signed, naming {@code localhost} (subjectAltName) over an existing key file.
     *
     * @param dir the directory of both files
     * @param key the key file's name
     * @param certificate the name of the PEM file to write
     * @param commonName the subject's CN
     * @return the certificate's path
     * @throws IOException when openssl fails
     * @throws InterruptedException when interrupted while waiting for it
     */
    public static Path selfSigned(Path dir, String key, String certificate, String commonName)
            throws IOException, InterruptedException {
        run(dir, "req", "-x509", "-new", "-key", key, "-subj", "/CN=" + commonName, "-days", "2",
                "-addext", "subjectAltName=DNS:localhost", "-out", certificate);
        return dir.resolve(certificate);
    }

    /**
     * Makes a P-256 private key in SEC1 PEM ({@code BEGIN EC PRIVATE KEY}).
     *
     * @param dir the directory
     * @param file the name of the key file to write
     * @throws IOException when openssl fails
     * @throws InterruptedException when interrupted while waiting for it
     */
    public static void ecKey(Path dir, String file) throws IOException, InterruptedException {
        run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", file);
    }

    /**
     * Makes a test CA valid for 2 days: {@code ca-key.pem} and {@code ca.pem} in {@code dir},
     * which {@link #signed} then signs with.
     *
     * @param dir the directory
     * @return the CA certificate's path
     * @throws IOException when openssl fails
     * @throws InterruptedException when interrupted while waiting for it
     */
    public static Path testCa(Path dir) throws IOException, InterruptedException {
        ecKey(dir, "ca-key.pem");
        run(dir, "req", "-x509", "-new", "-key", "ca-key.pem", "-subj", "/CN=Push3 Test CA", "-days", "2", "-out", "ca.pem");
        return dir.resolve("ca.pem");
    }

    /**
     * Makes a leaf certificate valid for 2 days, not a CA, signed by the {@link #testCa} in the same directory.
     *
     * @param dir the directory of the CA, the key and the certificate
     * @param key the leaf's key file name
     * @param certificate the name of the PEM file to write
     * @param commonName the subject's CN
     * @param extension one more X.509v3 extension, as openssl's {@code -addext} takes it,
     *     for example {@code subjectAltName=DNS:localhost} or {@code extendedKeyUsage=clientAuth}
     * @return the certificate's path
     * @throws IOException when openssl fails
     * @throws InterruptedException when interrupted while waiting for it
     */
    public static Path signed(Path dir, String key, String certificate, String commonName, String extension)
            throws IOException, InterruptedException {
        run(dir, "req", "-x509", "-new", "-key", key, "-subj", "/CN=" + commonName, "-days", "2",
                "-addext", extension, "-addext", "basicConstraints=critical,CA:FALSE",
                "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-out", certificate);
        return dir.resolve(certificate);
    }
}
