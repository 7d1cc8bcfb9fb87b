package dev.push3.core.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the openssl command, as an operator making keys and certificates would. */
public final class OpenSsl {
    private OpenSsl() {
    }

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

    /** A self-signed certificate for {@code localhost} over an existing key file. */
    public static Path selfSigned(Path dir, String key, String certificate, String commonName)
            throws IOException, InterruptedException {
        run(dir, "req", "-x509", "-new", "-key", key, "-subj", "/CN=" + commonName, "-days", "2",
                "-addext", "subjectAltName=DNS:localhost", "-out", certificate);
        return dir.resolve(certificate);
    }
}
