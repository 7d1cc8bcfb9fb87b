package dev.push3.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.app.demo.DemoAuthenticator;
import dev.push3.app.exporter.FakePush3Server;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code push3 check} against a real server over TCP: exactly one status line on stdout and
 * the Monitoring Plugins exit status for every outcome.
 */
class CheckCommandTest {
    private final DemoAuthenticator demo = DemoAuthenticator.withRandomPassword();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Push3Server server;

    @BeforeEach
    void start() throws IOException {
        server = Push3Server.start(ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .failureDelay(Duration.ZERO).penaltyMax(Duration.ZERO).build(), Backends.of("demo", demo));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int check(String password, String... args) {
        CommandLine commandLine = Push3Command.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        CheckCommand check = (CheckCommand) commandLine.getSubcommands().get("check").getCommand();
        check.account.environment = name -> name.equals("PUSH3_PASSWORD") ? password : null;
        check.account.prompt = new PasswordPrompt(new ByteArrayInputStream(new byte[0]), System.err);
        List<String> all = new ArrayList<>(List.of("check"));
        all.addAll(List.of(args));
        return commandLine.execute(all.toArray(String[]::new));
    }

    /** The one line on stdout, checked to be the only one. */
    private String statusLine() {
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).as("stdout, stderr: " + err).hasSize(1);
        return lines.getFirst();
    }

    private String port() {
        return Integer.toString(server.port());
    }

    @Test
    void okWithPerformanceData() {
        assertThat(check(demo.password(), "-p", port(), "-u", "demo", "-m", "push3.connections.current", "-w", "50",
                "-c", "100")).isZero();
        assertThat(statusLine()).matches("PUSH3 OK - push3\\.connections\\.current is 1 \\| "
                + "push3\\.connections\\.current=1;50;100;; time=\\d+\\.\\d{3}s;;;0;");
        assertThat(out.toString() + err).doesNotContain(demo.password());
    }

    @Test
    void warningAndCriticalWithSeveralMetricsTheWorstWins() {
        assertThat(check(demo.password(), "-p", port(), "-u", "demo", "-m", "push3.connections.current", "-w", "~:0",
                "-m", "inprocess.up", "-c", "1:")).isEqualTo(1);
        assertThat(statusLine()).startsWith("PUSH3 WARNING - push3.connections.current is 1 (warning ~:0) | "
                + "push3.connections.current=1;~:0;;; inprocess.up=1;;1:;; time=");
        out.getBuffer().setLength(0);
        assertThat(check(demo.password(), "-p", port(), "-u", "demo", "-m", "push3.connections.current", "-w", "~:0",
                "-m", "push3.logins.succeeded", "-w", "5", "-c", "@1:10")).isEqualTo(2);
        assertThat(statusLine()).startsWith("PUSH3 CRITICAL - push3.connections.current is 1 (warning ~:0), "
                + "push3.logins.succeeded is 2 (critical @1:10) | ");
    }

    /** A hostile server's {@code 1E999999999} must not become a billion-digit status line. */
    @Test
    void aValueOfABillionDigitsIsUnknownInOneShortLine() throws Exception {
        try (FakePush3Server fake = new FakePush3Server("127.0.0.3", "huge=1E999999999")) {
            assertThat(check("pw", "-H", "127.0.0.3", "-p", Integer.toString(fake.port()), "-u", "demo", "-m", "huge",
                    "-w", "1")).isEqualTo(3);
            assertThat(statusLine()).startsWith("PUSH3 UNKNOWN - 127.0.0.3:" + fake.port()
                    + " sent a value of more than 40 digits for huge").hasSizeLessThan(200);
        }
    }

    @Test
    void anUnreachableServerOrARefusedLoginIsCritical() throws IOException {
        assertThat(check("wrong-Secret-7", "-p", port(), "-u", "demo")).isEqualTo(2);
        assertThat(statusLine()).isEqualTo("PUSH3 CRITICAL - 127.0.0.1:" + port() + ": LOGIN refused: invalid credentials");
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        out.getBuffer().setLength(0);
        assertThat(check(demo.password(), "-p", Integer.toString(closed), "-u", "demo")).isEqualTo(2);
        assertThat(statusLine()).startsWith("PUSH3 CRITICAL - 127.0.0.1:" + closed + ": Connection refused");
    }

    @Test
    void badUsageBadThresholdsAndAMissingMetricAreUnknownWithOneLineOnStdout() {
        assertThat(check(demo.password(), "-p", port(), "-u", "demo", "--bogus")).isEqualTo(3);
        assertThat(statusLine()).isEqualTo("PUSH3 UNKNOWN - bad usage: Unknown option: '--bogus'");
        assertThat(err.toString()).contains("Usage: push3 check");

        out.getBuffer().setLength(0);
        assertThat(check(demo.password(), "-p", port())).isEqualTo(3);
        assertThat(statusLine()).isEqualTo("PUSH3 UNKNOWN - bad usage: Missing required option: '--user=USER'");

        out.getBuffer().setLength(0);
        assertThat(check(demo.password(), "-p", port(), "-u", "demo", "-m", "inprocess.up", "-w", "20:10")).isEqualTo(3);
        assertThat(statusLine()).isEqualTo("PUSH3 UNKNOWN - -w for inprocess.up: '20:10': the start 20 is above the end 10");

        out.getBuffer().setLength(0);
        assertThat(check(demo.password(), "-p", port(), "-u", "demo", "-m", "inprocess.up", "-c", "ten")).isEqualTo(3);
        assertThat(statusLine()).isEqualTo("PUSH3 UNKNOWN - -c for inprocess.up: 'ten' is not a range: use 10, 10:, ~:10, "
                + "10:20 or @10:20");

        out.getBuffer().setLength(0);
        assertThat(check(demo.password(), "-p", port(), "-u", "demo", "-m", "push3.nosuch", "-w", "1")).isEqualTo(3);
        assertThat(statusLine()).startsWith("PUSH3 UNKNOWN - 127.0.0.1:" + port() + " has no metric push3.nosuch "
                + "(push3 metrics lists those it has) | time=");

        out.getBuffer().setLength(0);
        assertThat(check(null, "-p", port(), "-u", "demo")).isEqualTo(3);
        assertThat(statusLine()).isEqualTo("PUSH3 UNKNOWN - password: no password: pipe it on standard input, use "
                + "--password-file FILE, set PUSH3_PASSWORD, or run on a terminal to be asked");
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersIsCriticalBeforeTheChecksOwnTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // accepts, never answers
                    }
                } catch (IOException e) {
                    // closed by the test
                }
            });
            String port = Integer.toString(silent.getLocalPort());
            // The default: -t 10, each read at most 9 s; a hung server is a socket timeout, CRITICAL.
            assertThat(check(demo.password(), "-p", port, "-u", "demo")).isEqualTo(2);
            assertThat(statusLine()).isEqualTo("PUSH3 CRITICAL - 127.0.0.1:" + port + ": cannot read from the server: Read timed out");
            // --timeout alone is the guidelines' -t/--timeout: the whole check, the reads a margin less.
            for (String[] options : List.of(new String[] {"-t", "2"}, new String[] {"--timeout", "2"},
                    new String[] {"--check-timeout", "2", "--timeout", "5"})) {
                out.getBuffer().setLength(0);
                assertThat(check(demo.password(), concat(List.of("-p", port, "-u", "demo"), options))).isEqualTo(2);
                assertThat(statusLine()).startsWith("PUSH3 CRITICAL - 127.0.0.1:" + port + ": ");
            }
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    private static String[] concat(List<String> first, String[] more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void aCheckTimeoutBeyondADayIsUnknownBadUsage() {
        assertThat(check(demo.password(), "-p", port(), "-u", "demo", "-t", "100000")).isEqualTo(3);
        assertThat(statusLine()).isEqualTo("PUSH3 UNKNOWN - bad usage: -t must be between 1 and 86400 seconds (a day), was 100000");
    }

    @Test
    void theReadTimeoutsMarginIsOneSecondOrAQuarterOfAShortCheck() {
        assertThat(CheckCommand.margin(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(1));
        assertThat(CheckCommand.margin(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(500));
    }
}
