package dev.push3.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.core.client.ClientTls;
import dev.push3.core.client.Push3Client;
import dev.push3.core.server.Push3Server;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.push3.testkit.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code push3 serve} wired by Guice from configuration, in this JVM, over real TCP. */
class ServeCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine commandLine() {
        CommandLine commandLine = Push3Command.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    private Push3Server serve(String... args) throws IOException {
        CommandLine.ParseResult parsed = commandLine().parseArgs(args);
        ServeCommand serve = parsed.subcommand().commandSpec().commandLine().getCommand();
        return serve.start();
    }

    private int run(String... args) {
        return commandLine().execute(args);
    }

    @Test
    void servesUsersFromTheFileNamedOnTheCommandLine() throws IOException {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}secret\n");
        try (Push3Server server = serve("serve", "--users", users.toString(), "--port", "0");
             Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            assertThat(client.login("alice", "wrong").text()).isEqualTo("invalid credentials");
            assertThat(client.login("alice", "secret").success()).isTrue();
            assertThat(client.metrics()).containsEntry("push3.logins.succeeded", BigDecimal.ONE)
                    .containsEntry("push3.logins.failed", BigDecimal.ONE).containsKey("push3.auth.file.latency.avg_us");
        }
    }

    @Test
    void configFileIsReadAndFlagsOverrideIt() throws IOException {
        Path users = Files.writeString(dir.resolve("users"), "bob:{PLAIN}pw\n");
        Path config = Files.writeString(dir.resolve("push3.properties"), String.join("\n",
                "server.port=1", "server.greeting=true", "auth.file.path=" + users, "auth.failure-delay=0s", ""));
        try (Push3Server server = serve("serve", "--config", config.toString(), "--port", "0");
             Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            assertThat(client.receive().text()).isEqualTo("Push3 ready");
            assertThat(client.login("bob", "pw").success()).isTrue();
        }
    }

    @Test
    void demoPrintsARandomPasswordThatLogsIn() throws IOException {
        try (Push3Server server = serve("serve", "--demo", "--port", "0")) {
            Matcher m = Pattern.compile("LOGIN demo ([0-9a-f]{24})").matcher(out.toString());
            assertThat(m.find()).as(out.toString()).isTrue();
            try (Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
                assertThat(client.login("demo", m.group(1)).success()).isTrue();
                assertThat(client.metrics()).containsEntry("push3.logins.succeeded", BigDecimal.ONE);
            }
        }
        try (Push3Server server = serve("serve", "--demo", "--port", "0")) {
            assertThat(Pattern.compile("LOGIN demo ([0-9a-f]{24})").matcher(out.toString()).results().map(r -> r.group(1)).distinct().count())
                    .as("each start makes a new password").isEqualTo(2);
        }
    }

    @Test
    @RequiresProgram(value = "openssl", hint = "apt-get install openssl")
    void tlsFromTheConfigurationFileRefusesLoginInClearTextAndServesStlsAndImplicitTls() throws Exception {
        LocalhostCertificate tls = LocalhostCertificate.create(dir);
        String config = write(String.join("\n", "server.tls.cert=" + tls.certificate(), "server.tls.key=" + tls.key(),
                "server.tls.required=true", "server.tls.port=0", "auth.failure-delay=0s", ""));
        try (Push3Server server = serve("serve", "--demo", "--port", "0", "--config", config)) {
            String password = demoPassword();
            try (Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
                assertThat(client.send("CAPA").text()).isEqualTo("CAPA FINISH QUIT STLS");
                assertThat(client.login("demo", password).text()).isEqualTo("TLS required, send STLS first");
            }
            ClientTls starttls = new ClientTls(ClientTls.Mode.STARTTLS, Optional.of(tls.ca()), true);
            try (Push3Client client = Push3Client.connect("localhost", server.port(), Duration.ofSeconds(5), starttls)) {
                assertThat(client.login("demo", password).success()).isTrue();
                assertThat(client.metrics()).containsEntry("push3.logins.failed", BigDecimal.ZERO)
                        .containsEntry("push3.tls.handshakes", BigDecimal.ONE).containsKey("push3.tls.cert.expiry_seconds");
            }
            ClientTls implicit = new ClientTls(ClientTls.Mode.IMPLICIT, Optional.of(tls.ca()), true);
            try (Push3Client client = Push3Client.connect("localhost", server.tlsPort().orElseThrow(), Duration.ofSeconds(5),
                    implicit)) {
                assertThat(client.login("demo", password).success()).isTrue();
            }
        }
    }

    @Test
    void aNonLoopbackAddressWithoutACertificateStopsStartUpBeforeBinding() {
        assertThat(run("serve", "--demo", "--bind", "192.0.2.1")).isEqualTo(Push3Command.EXIT_CONFIG);
        assertThat(err.toString()).contains("push3: configuration error: server.tls.required: LOGIN must be protected by "
                + "TLS on 192.0.2.1, which is not a loopback address: set server.tls.cert and server.tls.key "
                + "(or server.tls.required=false on a network you trust)");
    }

    @Test
    void aMissingCertificateFileStopsStartUpNamingTheKeyAndTheFile() {
        Path missing = dir.resolve("missing.pem");
        String config = write("server.tls.cert=" + missing + "\nserver.tls.key=" + missing + "\n");
        assertThat(run("serve", "--demo", "--port", "0", "--config", config)).isEqualTo(Push3Command.EXIT_CONFIG);
        assertThat(err.toString()).contains("push3: configuration error: server.tls.cert: cannot read " + missing
                + ": no such file" + System.lineSeparator());
    }

    @Test
    @RequiresProgram(value = "openssl", hint = "apt-get install openssl")
    void aMissingKeyFileIsNamedOnceWithTheReason() throws Exception {
        LocalhostCertificate tls = LocalhostCertificate.create(dir);
        Path missing = dir.resolve("missing-key.pem");
        String config = write("server.tls.cert=" + tls.certificate() + "\nserver.tls.key=" + missing + "\n");
        assertThat(run("serve", "--demo", "--port", "0", "--config", config)).isEqualTo(Push3Command.EXIT_CONFIG);
        assertThat(err.toString()).contains("push3: configuration error: server.tls.key: cannot read " + missing
                + ": no such file" + System.lineSeparator());
    }

    private String demoPassword() {
        Matcher m = Pattern.compile("LOGIN demo ([0-9a-f]{24})").matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        return m.group(1);
    }

    @Test
    void unknownBackendStopsStartUpListingTheNamesAvailable() {
        assertThat(run("serve", "--port", "0", "--config", write("auth.backend=ldap\n"))).isEqualTo(Push3Command.EXIT_CONFIG);
        assertThat(err.toString()).contains("push3: configuration error: auth.backend: no authenticator named 'ldap'; available: file")
                .contains("Put the plugin's jar in plugins/");
    }

    @Test
    void unknownMetricsSourceStopsStartUp() {
        assertThat(run("serve", "--demo", "--port", "0", "--config", write("metrics.sources=inprocess,nosuch\n")))
                .isEqualTo(Push3Command.EXIT_CONFIG);
        assertThat(err.toString()).contains("metrics.sources: no metrics source named 'nosuch'; available: ");
    }

    @Test
    void badValuesStopStartUpNamingTheKey() {
        assertThat(run("serve", "--demo", "--config", write("auth.failure-delay=soon\n"))).isEqualTo(Push3Command.EXIT_CONFIG);
        assertThat(err.toString()).contains("push3: configuration error: auth.failure-delay: must be a duration such as 500ms");
        assertThat(run("serve", "--demo", "--bind", "example.org")).isEqualTo(Push3Command.EXIT_CONFIG);
        assertThat(err.toString()).contains("server.bind: must be an IP address");
        assertThat(run("serve", "--demo", "--config", dir.resolve("missing.properties").toString())).isEqualTo(Push3Command.EXIT_CONFIG);
        assertThat(err.toString()).contains("--config: file ").contains("does not exist");
    }

    @Test
    void aMistypedKeyStopsStartUpNamingTheLineAndTheNearestKey() {
        String file = write("# limits\nauth.max-failures=2\nauth.failure-dealy=0s\n");

        assertThat(run("serve", "--demo", "--port", "0", "--config", file)).isEqualTo(Push3Command.EXIT_CONFIG);
        assertThat(err.toString()).contains("push3: configuration error: auth.failure-dealy: unknown key at "
                + Path.of(file).getFileName() + " line 3; did you mean auth.failure-delay?");
    }

    @Test
    void aKeyUnderNoInstalledPluginStopsStartUp() {
        String file = write("server.port=0\nauth.fle.path=users\nserver.max-conections=5\n");

        assertThat(run("serve", "--demo", "--config", file)).isEqualTo(Push3Command.EXIT_CONFIG);
        assertThat(err.toString()).contains("auth.fle.path: unknown key at " + Path.of(file).getFileName() + " line 2"
                + "; no installed plugin is named 'fle' (push3 plugins lists them); did you mean auth.file.path?");
    }

    @Test
    void aMistypedKeyOfAnInstalledPluginNamesTheNearestDeclaredKey() {
        String file = write("auth.file.pth=users\n");

        assertThat(run("serve", "--demo", "--port", "0", "--config", file)).isEqualTo(Push3Command.EXIT_CONFIG);
        assertThat(err.toString()).contains("auth.file.pth: unknown key at " + Path.of(file).getFileName()
                + " line 1; did you mean auth.file.path?");

        String core = write("auth.penalty.mx=1s\n");
        assertThat(run("serve", "--demo", "--port", "0", "--config", core)).isEqualTo(Push3Command.EXIT_CONFIG);
        assertThat(err.toString()).contains("auth.penalty.mx: unknown key at " + Path.of(core).getFileName()
                + " line 1; did you mean auth.penalty.max?");
    }

    @Test
    void aKeySetTwiceStopsStartUpNamingBothLines() {
        String file = write("auth.max-failures=5\nserver.port=0\nauth.max-failures \\\n  = 1\n");

        assertThat(run("serve", "--demo", "--config", file)).isEqualTo(Push3Command.EXIT_CONFIG);
        String name = Path.of(file).getFileName().toString();
        assertThat(err.toString()).contains("push3: configuration error: auth.max-failures: set twice, at " + name
                + " line 1 and at " + name + " line 3; keep one of them");
    }

    @Test
    void keysOutsidePush3sNamespacesAndContinuedValuesAreRead() throws IOException {
        Path users = Files.writeString(dir.resolve("users"), "bob:{PLAIN}pw\n");
        String file = write("site.owner=postmaster\nauth.file.path=" + users + "\nauth.failure-delay=\\\n    0s\n");
        try (Push3Server server = serve("serve", "--config", file, "--port", "0");
             Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            assertThat(client.login("bob", "pw").success()).isTrue();
        }
    }

    @Test
    void missingUsersFileStopsStartUp() {
        assertThat(run("serve", "--port", "0", "--users", dir.resolve("nope").toString())).isEqualTo(Push3Command.EXIT_CONFIG);
        assertThat(err.toString()).contains("push3: configuration error: auth.file.path");
    }

    @Test
    void portInUseIsAClearFailure() throws IOException {
        try (Push3Server first = serve("serve", "--demo", "--port", "0")) {
            assertThat(run("serve", "--demo", "--port", Integer.toString(first.port()))).isEqualTo(Push3Command.EXIT_FAILURE);
            assertThat(err.toString()).contains("push3: cannot listen on 127.0.0.1:" + first.port() + " (server.bind, server.port)");
        }
    }

    private String write(String properties) {
        try {
            return Files.writeString(Files.createTempFile(dir, "push3", ".properties"), properties).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
