package dev.push3.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.core.settings.ServerSettings;
import dev.push3.core.tls.TlsSettings;
import dev.push3.testkit.RequiresProgram;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push3's TLS against peers nobody here wrote: openssl s_client on the implicit-TLS port,
 * Python's ssl module through STLS, and sslscan's survey of protocols and suites.
 */
@RequiresProgram(value = "openssl", hint = "apt-get install openssl")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsPeersTest {
    @TempDir
    static Path dir;
    private static TlsFiles files;
    private static Push3Server server;

    @BeforeAll
    static void start() throws Exception {
        files = TlsFiles.create(dir);
        TlsSettings tls = files.implicitSettings();
        server = Push3Server.start(ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .failureDelay(Duration.ZERO).tls(tls).build(),
                Backends.of("test", new UsersAuthenticator(Map.of("alice", "secret"))));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void opensslSClientOnTheImplicitTlsPort() throws Exception {
        List<String> lines = run("LOGIN alice secret\nMETRICS\nQUIT\n", "openssl", "s_client",
                "-connect", "127.0.0.1:" + server.tlsPort().orElseThrow(), "-quiet", "-crlf",
                "-CAfile", files.ca().toString(), "-verify_return_error", "-verify_hostname", "localhost",
                "-servername", "localhost");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("->SUCCESS: logged in");
        assertThat(lines.get(1)).startsWith("->SUCCESS: ").contains(" push3.tls.handshakes=");
        assertThat(lines.get(2)).isEqualTo("->SUCCESS: bye");
    }

    @Test
    @RequiresProgram(value = "python3", hint = "apt-get install python3")
    void pythonSslThroughStls() throws Exception {
        Path script = dir.resolve("stls_client.py");
        try (InputStream in = TlsPeersTest.class.getResourceAsStream("/tls/stls_client.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> lines = run("", "python3", script.toString(), Integer.toString(server.port()),
                files.ca().toString(), "localhost", "alice", "secret");
        assertThat(lines).containsExactly(
                "->SUCCESS: CAPA FINISH LOGIN QUIT STLS",
                "->SUCCESS: begin TLS",
                "TLSv1.3",
                "->SUCCESS: CAPA FINISH LOGIN QUIT",
                "->SUCCESS: logged in",
                lines.get(5),
                "->SUCCESS: bye");
        assertThat(lines.get(5)).startsWith("->SUCCESS: ").contains(" push3.tls.handshakes=");
    }

    /**
     * sslscan (Debian's sslscan; CI installs it) lists every protocol and suite the port
     * accepts. Nothing below TLS 1.2, and only forward-secret AEAD suites, or this fails.
     */
    @Test
    @RequiresProgram(value = "sslscan", hint = "apt-get install sslscan")
    void sslscanFindsNoProtocolBelowTls12AndNoWeakSuite() throws Exception {
        List<String> lines = run("", "sslscan", "--no-colour", "--no-heartbleed", "127.0.0.1:" + server.tlsPort().orElseThrow());
        String report = String.join("\n", lines);
        for (String old : List.of("SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1")) {
            assertThat(lines).as(report).anySatisfy(line -> assertThat(line).matches(Pattern.quote(old) + "\\s+disabled"));
        }
        for (String current : List.of("TLSv1.2", "TLSv1.3")) {
            assertThat(lines).as(report).anySatisfy(line -> assertThat(line).matches(Pattern.quote(current) + "\\s+enabled"));
        }
        Pattern suite = Pattern.compile("(Preferred|Accepted)\\s+(\\S+)\\s+(\\d+) bits\\s+(\\S+).*");
        List<String> suites = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = suite.matcher(line.strip());
            if (matcher.matches()) {
                suites.add(matcher.group(2) + " " + matcher.group(4));
                assertThat(matcher.group(2)).as(report).isIn("TLSv1.2", "TLSv1.3");
                assertThat(Integer.parseInt(matcher.group(3))).as(report).isGreaterThanOrEqualTo(128);
                assertThat(matcher.group(4)).as(report).matches(
                        "TLS_AES_(128|256)_GCM_SHA(256|384)|TLS_CHACHA20_POLY1305_SHA256"
                                + "|ECDHE-(RSA|ECDSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)");
            }
        }
        assertThat(suites).as(report).isNotEmpty().anyMatch(s -> s.startsWith("TLSv1.2 ")).anyMatch(s -> s.startsWith("TLSv1.3 "));
    }

    /** Runs a program with {@code input} on its standard input; returns its standard output's lines. */
    private static List<String> run(String input, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as(String.join(" ", command) + " ended").isTrue();
        String text = output.join();
        assertThat(process.exitValue()).as(String.join(" ", command) + " exit status; output:\n" + text).isZero();
        return text.lines().map(String::stripTrailing).filter(line -> !line.isEmpty()).toList();
    }
}
