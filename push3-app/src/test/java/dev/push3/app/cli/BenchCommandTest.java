package dev.push3.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.app.demo.DemoAuthenticator;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code push3 bench} against a real server over TCP, in this JVM. What it counts is checked
 * against the server's own counters; no figure of speed is asserted.
 */
class BenchCommandTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "push3 127\\.0\\.0\\.1:\\d+ (.+) (\\d+) clients pipeline (\\d+): [\\d.]+ s, (\\d+) ops, \\d+ ops/s, "
                    + "p50 [\\d.]+ ms, p99 [\\d.]+ ms, max [\\d.]+ ms, (\\d+) errors\\n");

    private final DemoAuthenticator demo = DemoAuthenticator.withRandomPassword();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Push3Server server;

    @BeforeEach
    void start() throws IOException {
        ServerSettings settings = ServerSettings.builder().bind(InetAddress.getByName("127.0.0.1")).port(0)
                .failureDelay(Duration.ZERO).build();
        server = Push3Server.start(settings, Backends.of("demo", demo));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int bench(String password, String... args) {
        CommandLine commandLine = Push3Command.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        ((BenchCommand) commandLine.getSubcommands().get("bench").getCommand()).environment =
                name -> name.equals("PUSH3_PASSWORD") ? password : null;
        String[] all = new String[args.length + 5];
        System.arraycopy(new String[] {"bench", "-p", Integer.toString(server.port()), "-u", "demo"}, 0, all, 0, 5);
        System.arraycopy(args, 0, all, 5, args.length);
        return commandLine.execute(all);
    }

    private long counter(String name) {
        return server.registry().snapshot().get(name).map(BigDecimal::longValueExact).orElseThrow();
    }

    @Test
    void persistentClientsRepeatMetricsAndTheSummaryCountsWhatTheServerServed() {
        int status = bench(demo.password(), "-c", "4", "-n", "400", "--warmup", "0", "-d", "60", "-P", "2");

        assertThat(status).as(err.toString()).isZero();
        Matcher summary = SUMMARY.matcher(out.toString());
        assertThat(summary.matches()).as(out.toString()).isTrue();
        assertThat(summary.group(1)).isEqualTo("persistent \"METRICS\"");
        assertThat(summary.group(2)).isEqualTo("4");
        assertThat(summary.group(3)).isEqualTo("2");
        assertThat(Long.parseLong(summary.group(4))).isEqualTo(400);
        assertThat(summary.group(5)).isEqualTo("0");
        // The probe's LOGIN, the 4 clients' LOGINs, and the 400 METRICS.
        assertThat(counter("push3.commands.total")).isEqualTo(405);
        assertThat(counter("push3.logins.succeeded")).isEqualTo(5);
    }

    @Test
    void sessionsModeConnectsFromTheSourceAddressesLogsInAsksAndQuits() {
        int status = bench(demo.password(), "--mode", "sessions", "-c", "2", "-n", "30", "--warmup", "0",
                "--source", "127.0.0.2-3");

        assertThat(status).as(err.toString()).isZero();
        Matcher summary = SUMMARY.matcher(out.toString());
        assertThat(summary.matches()).as(out.toString()).isTrue();
        assertThat(summary.group(1)).isEqualTo("sessions (connect, log in, \"METRICS\", QUIT)");
        assertThat(Long.parseLong(summary.group(4))).isEqualTo(30);
        assertThat(counter("push3.connections.total")).isEqualTo(31);
        assertThat(counter("push3.logins.succeeded")).isEqualTo(31);
        assertThat(counter("push3.commands.total")).isEqualTo(1 + 30 * 3);
    }

    @Test
    void holdKeepsLoggedInSessionsOpenThenClosesThem() {
        int status = bench(demo.password(), "--hold", "25", "-c", "5", "-d", "1");

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("holding 25 logged-in sessions (opened in ").endsWith(" s), 0 failed for 1 s\n");
        assertThat(counter("push3.logins.succeeded")).isEqualTo(26);
    }

    @Test
    void aRefusedLogInIsOneClearErrorBeforeAnyLoadWithStatus3() {
        int status = bench("wrong", "-c", "50", "-d", "5");

        assertThat(status).isEqualTo(MetricsCommand.EXIT_UNREACHABLE);
        assertThat(err.toString()).isEqualTo("push3: 127.0.0.1:" + server.port()
                + ": the server refused the log-in as demo\n");
        assertThat(out.toString()).isEmpty();
        assertThat(counter("push3.connections.total")).isEqualTo(1);
    }

    /** The server refuses clients over its limit: the run ends with one message, no client waits for ever. */
    @Test
    @Timeout(60)
    void aClientThatCannotLogInEndsTheRunWithStatus1() throws IOException {
        server.close();
        server = Push3Server.start(ServerSettings.builder().bind(InetAddress.getByName("127.0.0.1")).port(0)
                .maxConnections(2).failureDelay(Duration.ZERO).build(), Backends.of("demo", demo));

        int status = bench(demo.password(), "-c", "5", "-d", "5");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("push3: a load client failed: ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void badUsageIsNamedWithStatus2() {
        assertThat(bench(demo.password(), "--protocol", "smtp")).isEqualTo(2);
        assertThat(err.toString()).contains("--protocol must be push3 or redis, was smtp");
    }
}
