package dev.push3.app.cli;

import dev.push3.api.ConfigException;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.app.check.CheckState;
import dev.push3.app.check.Range;
import dev.push3.app.check.Threshold;
import dev.push3.core.client.PlaintextLogin;
import dev.push3.core.client.Push3Client;
import dev.push3.core.client.Push3Exception;
import dev.push3.core.wire.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code push3 check}: a Nagios/Icinga plugin after the Monitoring Plugins development
 * guidelines. Logs in, reads METRICS, compares named metrics with warning and critical
 * ranges, and prints exactly one status line with performance data on standard output,
 * whatever happens, including bad usage.
 */
@Command(name = "check", mixinStandardHelpOptions = true, exitCodeOnUsageHelp = 3, exitCodeOnVersionHelp = 3,
        exitCodeOnInvalidInput = 3, exitCodeOnExecutionException = 3,
        description = {"A Nagios/Icinga plugin: logs in, reads METRICS and checks named metrics against ranges.",
            "Example: push3 check -H mail.example.org --starttls -u monitor -m push3.connections.current -w 50 -c 100",
            "Ranges (Monitoring Plugins): 10 (alert outside 0..10), 10: (below 10), ~:10 (above 10),",
            "10:20 (outside 10..20), @10:20 (inside 10..20, ends included)."},
        footerHeading = "%nExit status:%n",
        footer = {"  0  OK", "  1  WARNING: a metric in its warning range",
            "  2  CRITICAL: a metric in its critical range, the server unreachable or not answering in time,",
            "     LOGIN or METRICS refused",
            "  3  UNKNOWN: bad usage or thresholds, a metric not present, or the whole check overrunning -t"})
public final class CheckCommand implements Callable<Integer> {
    /** The service name at the start of the status line. */
    static final String SERVICE = "PUSH3";

    @Spec
    private CommandSpec spec;

    @Mixin
    private ServerAddress server;

    @Mixin
    LoginOptions account;

    /** {@code -t} when given: the guidelines' one timeout option. */
    private Optional<Integer> checkTimeout = Optional.empty();

    @Option(names = {"-t", "--check-timeout"}, paramLabel = "SECONDS",
            description = {"Longest time for the whole check (default: 10; --timeout SECONDS alone sets it too). "
                    + "Connecting and each reply wait at most this less a margin (1 s, or a quarter under 4 s),",
                    "so a server that does not answer is CRITICAL; UNKNOWN only if the whole check still overruns."})
    void checkTimeout(int seconds) {
        server.checkTimeout("-t", seconds);
        checkTimeout = Optional.of(seconds);
    }

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    private List<MetricOptions> metrics = new ArrayList<>();

    /** One {@code -m NAME [-w RANGE] [-c RANGE]} group. */
    static final class MetricOptions {
        @Option(names = {"-m", "--metric"}, required = true, paramLabel = "NAME",
                description = "A metric to check, as METRICS names it (push3 metrics lists them); repeatable.")
        String name;

        @Option(names = {"-w", "--warning"}, paramLabel = "RANGE", description = "Warning range for the -m before it.")
        String warning;

        @Option(names = {"-c", "--critical"}, paramLabel = "RANGE", description = "Critical range for the -m before it.")
        String critical;
    }

    /** What the check found: its state and the line's text and performance data. */
    private record Outcome(CheckState state, String text, String perfdata) {
    }

    @Override
    public Integer call() {
        Outcome outcome;
        try {
            List<Threshold> thresholds = thresholds();
            Duration whole = checkTimeout.map(Duration::ofSeconds)
                    .orElse(server.givenTimeout().orElse(ServerAddress.DEFAULT_TIMEOUT));
            Duration socket = whole.minus(margin(whole));
            // A hung server must end in a socket timeout (CRITICAL, per the guidelines), not in -t (UNKNOWN).
            server.timeout(server.givenTimeout().filter(t -> t.compareTo(socket) < 0).orElse(socket));
            outcome = runWithin(thresholds, whole);
        } catch (IllegalArgumentException e) { // bad thresholds
            outcome = new Outcome(CheckState.UNKNOWN, e.getMessage(), "");
        }
        return print(spec.commandLine().getOut(), outcome.state(), outcome.text(), outcome.perfdata());
    }

    /**
     * Prints the one status line.
     *
     * @return the exit status of the state
     */
    static int print(PrintWriter out, CheckState state, String text, String perfdata) {
        String oneLine = text.replaceAll("[\\r\\n|]+", " ").strip(); // '|' would start performance data
        out.println(SERVICE + " " + state + " - " + oneLine + (perfdata.isEmpty() ? "" : " | " + perfdata));
        out.flush();
        return state.exitStatus();
    }

    /** The socket deadline's margin below the whole check's: 1 s, or a quarter of a shorter check's. */
    static Duration margin(Duration whole) {
        Duration second = Duration.ofSeconds(1);
        return whole.compareTo(second.multipliedBy(4)) >= 0 ? second : whole.dividedBy(4);
    }

    private List<Threshold> thresholds() {
        List<Threshold> thresholds = new ArrayList<>();
        for (MetricOptions m : metrics) {
            thresholds.add(new Threshold(m.name, range("-w", m), range("-c", m)));
        }
        return thresholds;
    }

    private static Optional<Range> range(String option, MetricOptions m) {
        String text = option.equals("-w") ? m.warning : m.critical;
        try {
            return Optional.ofNullable(text).map(Range::parse);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " for " + m.name + ": " + e.getMessage(), e);
        }
    }

    private Outcome runWithin(List<Threshold> thresholds, Duration limit) {
        try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Outcome> check = thread.submit(() -> run(thresholds));
            try {
                return check.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                check.cancel(true); // closes its socket
                return new Outcome(CheckState.UNKNOWN, "check timed out after " + limit.toSeconds() + " s (-t) at " + server,
                        "");
            } catch (ExecutionException e) {
                return new Outcome(CheckState.UNKNOWN, String.valueOf(e.getCause().getMessage()), "");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(CheckState.UNKNOWN, "interrupted", "");
            }
        }
    }

    private Outcome run(List<Threshold> thresholds) {
        String password;
        try {
            password = account.password(server, spec.commandLine().getErr());
        } catch (RuntimeException e) {
            return new Outcome(CheckState.UNKNOWN, e.getMessage(), "");
        }
        long start = System.nanoTime();
        try (Push3Client client = server.connect()) {
            Reply login = client.login(account.user(), password);
            if (login instanceof Reply.Fail fail) {
                return new Outcome(CheckState.CRITICAL, server + ": LOGIN refused: " + fail.text(), "");
            }
            Map<String, BigDecimal> values = client.metrics();
            return evaluate(thresholds, values, Duration.ofNanos(System.nanoTime() - start));
        } catch (Push3Exception e) {
            return new Outcome(CheckState.CRITICAL, server + ": " + (e.failText().isPresent() ? "METRICS refused: " : "")
                    + e.getMessage(), "");
        } catch (IOException e) {
            return new Outcome(CheckState.CRITICAL, server + ": " + e.getMessage(), "");
        } catch (PlaintextLogin.RefusedException | IllegalArgumentException | ConfigException e) {
            return new Outcome(CheckState.UNKNOWN, e.getMessage(), "");
        }
    }

    private Outcome evaluate(List<Threshold> thresholds, Map<String, BigDecimal> values, Duration took) {
        List<String> missing = thresholds.stream().map(Threshold::metric).filter(name -> !values.containsKey(name)).toList();
        String time = "time=" + BigDecimal.valueOf(took.toNanos(), 9).setScale(3, RoundingMode.HALF_UP)
                .toPlainString() + "s;;;0;";
        if (!missing.isEmpty()) {
            return new Outcome(CheckState.UNKNOWN, server + " has no metric " + String.join(", ", missing)
                    + " (push3 metrics lists those it has)", time);
        }
        List<String> unwritable = thresholds.stream().map(Threshold::metric).distinct()
                .filter(name -> !MetricsFormat.representable(values.get(name))).toList();
        if (!unwritable.isEmpty()) {
            return new Outcome(CheckState.UNKNOWN, server + " sent a value of more than " + MetricsSnapshot.MAX_DIGITS
                    + " digits for " + String.join(", ", unwritable), time);
        }
        CheckState state = CheckState.OK;
        List<String> alerts = new ArrayList<>();
        for (Threshold t : thresholds) {
            CheckState one = t.state(values.get(t.metric()));
            state = state.worst(one);
            if (one != CheckState.OK) {
                alerts.add(t.metric() + " is " + values.get(t.metric()).toPlainString() + " ("
                        + (one == CheckState.CRITICAL ? "critical " + t.critical().orElseThrow().text()
                        : "warning " + t.warning().orElseThrow().text()) + ")");
            }
        }
        String text = !alerts.isEmpty() ? String.join(", ", alerts)
                : thresholds.isEmpty() ? server + " answered METRICS with " + values.size() + " metrics"
                : thresholds.stream().map(t -> t.metric() + " is " + values.get(t.metric()).toPlainString())
                        .collect(Collectors.joining(", "));
        String perfdata = thresholds.stream().map(t -> t.perfdata(values.get(t.metric()))).collect(Collectors.joining(" "));
        return new Outcome(state, text, perfdata.isEmpty() ? time : perfdata + " " + time);
    }

    /**
     * Turns a picocli usage error of this command into its one UNKNOWN status line on
     * standard output; the usage help goes to standard error.
     *
     * @param e the parse error
     * @return the UNKNOWN exit status
     */
    static int usageError(CommandLine.ParameterException e) {
        e.getCommandLine().usage(e.getCommandLine().getErr());
        return print(e.getCommandLine().getOut(), CheckState.UNKNOWN, "bad usage: " + e.getMessage(), "");
    }
}
