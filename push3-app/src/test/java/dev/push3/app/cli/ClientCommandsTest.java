package dev.push3.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.app.demo.DemoAuthenticator;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import dev.push3.core.tls.TlsSettings;
import dev.push3.testkit.RequiresProgram;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import dev.push3.app.exporter.FakePush3Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code push3 metrics} and {@code push3 client} against a real server over TCP, in this JVM. */
class ClientCommandsTest {
    @TempDir
    Path dir;

    private final DemoAuthenticator demo = DemoAuthenticator.withRandomPassword();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Push3Server server;

    private Push3Server start(boolean greeting) throws IOException {
        ServerSettings settings = ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .greeting(greeting).failureDelay(Duration.ZERO).build();
        server = Push3Server.start(settings, Backends.of("demo", demo));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private CommandLine commandLine() {
        CommandLine commandLine = Push3Command.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    /** Runs {@code push3 metrics} with PUSH3_PASSWORD set to {@code environmentPassword} (null: unset) and nothing piped in. */
    private int metrics(String environmentPassword, String... args) {
        return metricsPiped("", environmentPassword, args);
    }

    /** Runs {@code push3 metrics} with {@code stdin} on its standard input (not a terminal). */
    private int metricsPiped(String stdin, String environmentPassword, String... args) {
        CommandLine commandLine = commandLine();
        MetricsCommand metrics = (MetricsCommand) commandLine.getSubcommands().get("metrics").getCommand();
        metrics.account.environment = name -> name.equals("PUSH3_PASSWORD") ? environmentPassword : null;
        metrics.account.prompt = new PasswordPrompt(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), System.err);
        return commandLine.execute(args);
    }

    private int client(String input, String... args) {
        CommandLine commandLine = commandLine();
        ((ClientCommand) commandLine.getSubcommands().get("client").getCommand()).input =
                new ByteArrayInputStream(input.getBytes(StandardCharsets.US_ASCII));
        return commandLine.execute(args);
    }

    private String port() {
        return Integer.toString(server.port());
    }

    @Test
    void metricsPrintsATableSortedByNameAndExits0() throws IOException {
        start(false);
        int status = metrics(demo.password(), "metrics", "-p", port(), "-u", "demo");
        assertThat(status).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.getFirst()).matches("NAME +VALUE");
        assertThat(lines.stream().filter(l -> l.startsWith("push3.logins.succeeded ")).findFirst())
                .hasValueSatisfying(l -> assertThat(l).matches("push3\\.logins\\.succeeded +1"));
        List<String> names = lines.stream().skip(1).map(l -> l.split(" +")[0]).toList();
        assertThat(names).isSorted().contains("inprocess.up", "push3.logins.succeeded");
        assertThat(out.toString() + err).doesNotContain(demo.password());
    }

    @Test
    void jsonIsOneObjectOfNumbersAndPrometheusHasUnderscoredNames() throws IOException {
        start(false);
        assertThat(metrics(demo.password(), "metrics", "-p", port(), "-u", "demo", "--format", "json")).isZero();
        String json = out.toString().strip();
        assertThat(json).startsWith("{\"inprocess.up\":1,").endsWith("}").doesNotContain("\n")
                .contains("\"push3.logins.succeeded\":1,").matches("\\{(\"[a-z0-9_.]+\":-?[0-9.]+,)*\"[a-z0-9_.]+\":-?[0-9.]+}");

        out.getBuffer().setLength(0);
        assertThat(metrics(demo.password(), "metrics", "-p", port(), "-u", "demo", "--format", "PROMETHEUS")).isZero();
        assertThat(out.toString().lines()).allMatch(l -> l.matches("# (HELP|TYPE) .*|[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})? -?[0-9.E+-]+"))
                .contains("push3_source_up{source=\"inprocess\"} 1.0", "# TYPE push3_logins_succeeded untyped",
                        "push3_logins_succeeded 2.0");
    }

    @Test
    void watchReadsAgainOnTheSameSession() throws IOException {
        start(false);
        assertThat(metrics(demo.password(), "metrics", "-p", port(), "-u", "demo", "--format", "json",
                "--watch", "1", "--count", "2")).isZero();
        List<String> samples = out.toString().lines().toList();
        assertThat(samples).hasSize(2);
        assertThat(samples.get(0)).contains("\"push3.commands.total\":2,", "\"push3.connections.total\":1,");
        assertThat(samples.get(1)).contains("\"push3.commands.total\":3,", "\"push3.connections.total\":1,");
    }

    @Test
    void aRefusedLoginExits1WithTheServersTextAndNeverThePassword() throws IOException {
        start(false);
        int status = metrics("wrong-Secret-7", "metrics", "-p", port(), "-u", "demo");
        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("push3: 127.0.0.1:" + port() + ": LOGIN refused: invalid credentials"
                + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).doesNotContain("wrong-Secret-7");
    }

    @Test
    void thePasswordFileWinsOverTheEnvironment() throws IOException {
        start(false);
        Path file = Files.writeString(dir.resolve("password"), demo.password() + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(metrics("wrong", "metrics", "-p", port(), "-u", "demo", "--password-file", file.toString())).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).contains("push3.logins.succeeded");
    }

    @Test
    void noPasswordAnywhereIsAUsageErrorThatDoesNotBlameAnOptionNotGiven() {
        int status = metrics(null, "metrics", "-p", "2254", "-u", "demo");
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("push3: configuration error: password: no password: pipe it on standard "
                + "input, use --password-file FILE, set PUSH3_PASSWORD, or run on a terminal to be asked"
                + System.lineSeparator());
    }

    @Test
    void aPasswordPipedOnStandardInputIsUsedAsPasswdAcceptsIt() throws IOException {
        start(false);
        assertThat(metricsPiped(demo.password() + "\n", null, "metrics", "-p", port(), "-u", "demo", "--format", "json"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"push3.logins.succeeded\":1");
        assertThat(out.toString() + err).doesNotContain(demo.password());
    }

    @Test
    void clearTextLoginGoesToAnyLoopbackAddressWithoutTls() throws IOException {
        ServerSettings settings = ServerSettings.builder().bind(InetAddress.getByName("127.0.0.2")).port(0)
                .failureDelay(Duration.ZERO).build();
        server = Push3Server.start(settings, Backends.of("demo", demo));
        assertThat(metrics(demo.password(), "metrics", "-H", "127.0.0.2", "-p", port(), "-u", "demo")).as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("push3.logins.succeeded");
    }

    @Test
    void versionIsTheBuildsVersion() {
        assertThat(commandLine().execute("--version")).isZero();
        assertThat(out.toString()).matches("push3 \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
    }

    @Test
    void aMissingPasswordFileIsNamedOnceWithTheReason() {
        Path missing = dir.resolve("no-such-password");
        assertThat(metrics(null, "metrics", "-p", "2254", "-u", "demo", "--password-file", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("push3: configuration error: --password-file: cannot read " + missing
                + ": no such file" + System.lineSeparator());
    }

    @Test
    void anUnreachableServerExits3() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThat(metrics("pw", "metrics", "-p", Integer.toString(closedPort), "-u", "demo")).isEqualTo(3);
        assertThat(err.toString()).startsWith("push3: 127.0.0.1:" + closedPort + ": Connection refused");
    }

    @Test
    @RequiresProgram(value = "openssl", hint = "apt-get install openssl")
    void metricsOverStlsChecksTheHostNameInTheCertificate() throws Exception {
        LocalhostCertificate tls = LocalhostCertificate.create(dir);
        server = Push3Server.start(ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .failureDelay(Duration.ZERO).tls(new TlsSettings(Optional.of(tls.certificate()), Optional.of(tls.key()),
                        OptionalInt.empty(), true, TlsSettings.ClientAuth.NONE, Optional.empty(), Duration.ofMinutes(1)))
                .build(), Backends.of("demo", demo));

        assertThat(metrics(demo.password(), "metrics", "-H", "localhost", "-p", port(), "-u", "demo", "--starttls",
                "--cafile", tls.ca().toString(), "--format", "json")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"push3.tls.handshakes\":1,");

        // The certificate names localhost, not 127.0.0.1: the same server by address is refused.
        assertThat(metrics(demo.password(), "metrics", "-H", "127.0.0.1", "-p", port(), "-u", "demo", "--starttls",
                "--cafile", tls.ca().toString())).isEqualTo(3);
        assertThat(err.toString()).startsWith("push3: 127.0.0.1:" + port() + ": ").contains("127.0.0.1");
        assertThat(out.toString() + err).doesNotContain(demo.password());
    }

    @Test
    void aValueThePrometheusFormatCannotCarryIsLeftOutAndExits3NotBadUsage() throws Exception {
        try (FakePush3Server fake = new FakePush3Server("127.0.0.3", "big=1e999 huge=1" + "0".repeat(59) + " push3.logins.succeeded=3")) {
            assertThat(metrics("pw", "metrics", "-H", "127.0.0.3", "-p", Integer.toString(fake.port()), "-u", "demo",
                    "--format", "prometheus")).isEqualTo(3);
            assertThat(out.toString()).contains("push3_logins_succeeded 3.0").doesNotContain("big", "huge");
            assertThat(err.toString()).isEqualTo("push3: 127.0.0.3:" + fake.port() + ": METRICS sent values the prometheus "
                    + "format cannot carry (more than 40 digits), left out: big, huge" + System.lineSeparator());
        }
    }

    /** A 26-octet value in scientific notation is a billion digits in plain notation: left out in every format. */
    @Test
    void aValueOfABillionDigitsIsLeftOutOfTheTableAndJsonToo() throws Exception {
        try (FakePush3Server fake = new FakePush3Server("127.0.0.3", "huge=1E999999999 push3.logins.succeeded=3")) {
            for (String format : List.of("table", "json")) {
                out.getBuffer().setLength(0);
                err.getBuffer().setLength(0);
                assertThat(metrics("pw", "metrics", "-H", "127.0.0.3", "-p", Integer.toString(fake.port()), "-u", "demo",
                        "--format", format)).isEqualTo(3);
                assertThat(out.toString()).contains("push3.logins.succeeded").doesNotContain("huge").hasSizeLessThan(200);
                assertThat(err.toString()).contains("left out: huge");
            }
        }
    }

    @Test
    void stlsTypedByHandIsRefusedSoTheNextLineIsNotSentInClearTextToAServerAwaitingAHandshake() throws Exception {
        try (FakePush3Server fake = new FakePush3Server("127.0.0.3", "push3.up=1")) {
            assertThat(client("stls\nLOGIN demo pw-Secret-5\nQUIT\n", "client", "-H", "127.0.0.3", "-p",
                    Integer.toString(fake.port()))).isZero();
            assertThat(fake.received()).containsExactly("LOGIN demo pw-Secret-5", "QUIT");
            assertThat(err.toString()).contains("push3: STLS is not sent from here: the next line would go in clear text "
                    + "to a server waiting for a TLS handshake; reconnect with --starttls (or --tls)");
        }
    }

    @Test
    void aTimeoutBeyondADayIsBadUsageNotACrash() {
        assertThat(metrics("pw", "metrics", "-p", "2254", "-u", "demo", "--timeout", "3000000")).isEqualTo(2);
        assertThat(err.toString()).contains("--timeout must be between 1 and 86400 seconds (a day), was 3000000");
    }

    @Test
    void badOptionsAreRejectedBeforeConnecting() {
        assertThat(metrics("pw", "metrics", "-p", "70000", "-u", "demo")).isEqualTo(2);
        assertThat(err.toString()).contains("--port must be between 1 and 65535, was 70000");
        assertThat(metrics("pw", "metrics", "-u", "demo", "--format", "xml")).isEqualTo(2);
        assertThat(err.toString()).contains("'xml' is not a format; use table, json or prometheus");
        assertThat(metrics("pw", "metrics", "-p", "2254")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--user=USER'");
    }

    @Test
    void clientSendsEachLineAndPrintsEachReplyUntilQuit() throws IOException {
        start(true);
        String script = String.join("\n", "CAPA", "METRICS", "LOGIN demo " + demo.password(), "metrics", "QUIT",
                "CAPA", "");
        int status = client(script, "client", "-p", port());
        assertThat(status).as(err.toString()).isZero();
        List<String> replies = out.toString().lines().toList();
        assertThat(replies).hasSize(6);
        assertThat(replies.get(0)).isEqualTo("->SUCCESS: Push3 ready");
        assertThat(replies.get(1)).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
        assertThat(replies.get(2)).startsWith("->FAIL: ");
        assertThat(replies.get(3)).isEqualTo("->SUCCESS: logged in");
        assertThat(replies.get(4)).startsWith("->SUCCESS: inprocess.up=1 ").contains(" push3.logins.succeeded=1 ");
        assertThat(replies.get(5)).isEqualTo("->SUCCESS: bye");
        assertThat(Pattern.compile("Connected to 127\\.0\\.0\\.1:\\d+").matcher(err.toString()).find()).isTrue();
    }

    @Test
    void clientEndsAtTheEndOfInputAndReportsAServerThatWentAway() throws IOException {
        start(false);
        assertThat(client("CAPA\n", "client", "-p", port())).isZero();
        assertThat(out.toString().lines()).containsExactly("->SUCCESS: CAPA FINISH LOGIN QUIT");

        int closedPort = server.port();
        server.close();
        server = null;
        assertThat(client("CAPA\n", "client", "-p", Integer.toString(closedPort))).isEqualTo(3);
        assertThat(err.toString()).contains("push3: 127.0.0.1:" + closedPort + ": Connection refused");
    }

    @Test
    void formatsAreStableForGivenValues() {
        Map<String, java.math.BigDecimal> metrics = new java.util.TreeMap<>(Map.of(
                "a.b", new java.math.BigDecimal("1.50"), "jvm.gc.g1_young.collections", java.math.BigDecimal.TEN));
        assertThat(MetricsFormat.TABLE.format(metrics)).isEqualTo(String.format(
                "NAME                         VALUE%na.b                          1.50%njvm.gc.g1_young.collections  10%n"));
        assertThat(MetricsFormat.JSON.format(metrics)).isEqualTo("{\"a.b\":1.50,\"jvm.gc.g1_young.collections\":10}"
                + System.lineSeparator());
        assertThat(MetricsFormat.PROMETHEUS.format(metrics)).isEqualTo("# HELP a_b Push3 metric a.b; its type is not known\n"
                + "# TYPE a_b untyped\na_b 1.5\n"
                + "# HELP jvm_gc_g1_young_collections Push3 metric jvm.gc.g1_young.collections; its type is not known\n"
                + "# TYPE jvm_gc_g1_young_collections untyped\njvm_gc_g1_young_collections 10.0\n");
        assertThat(MetricsFormat.PROMETHEUS.format(Map.of("9.Lives-Left", java.math.BigDecimal.ONE)))
                .endsWith("# TYPE m9_lives_left untyped\nm9_lives_left 1.0\n");
    }
}
