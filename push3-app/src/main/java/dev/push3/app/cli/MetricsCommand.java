package dev.push3.app.cli;

import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.core.client.PlaintextLogin;
import dev.push3.core.client.Push3Client;
import dev.push3.core.client.Push3Exception;
import dev.push3.core.wire.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code push3 metrics}: logs in, reads METRICS and prints it, once or every few seconds.
 * Made for cron jobs and Nagios-style checks: the exit status says what happened, the
 * server's FAIL text goes to standard error, and the password is never printed.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Logs in to a Push3 server and prints its metrics.",
        footerHeading = "%nExit status:%n",
        footer = {"  0  the metrics were printed",
            "  1  the server refused: LOGIN or METRICS answered FAIL (its text is on stderr)",
            "  2  bad usage, or no password",
            "  3  the server cannot be reached, the connection broke, or the server answered badly",
            "     (a malformed reply, or a value of more than 40 digits, or one --format prometheus cannot carry:",
            "     the other metrics are printed, the ones left out named on stderr)"})
public final class MetricsCommand implements Callable<Integer> {
    /** Exit status when the server answered FAIL. */
    static final int EXIT_REFUSED = 1;
    /** Exit status when the server cannot be reached, the connection broke, or the server answered badly. */
    static final int EXIT_UNREACHABLE = 3;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ServerAddress server;

    @Mixin
    LoginOptions account;

    @Option(names = "--format", paramLabel = "FORMAT", converter = MetricsFormat.Converter.class,
            description = "table (default), json (one object a line) or prometheus (text format).")
    private MetricsFormat format = MetricsFormat.TABLE;

    private Optional<Duration> watch = Optional.empty();

    private long count = Long.MAX_VALUE;

    @Option(names = "--watch", paramLabel = "SECONDS",
            description = "Print the metrics again every SECONDS on the same session, until interrupted.")
    void watch(int seconds) {
        if (seconds < 1) {
            throw new ParameterException(spec.commandLine(), "--watch must be at least 1 second, was " + seconds);
        }
        watch = Optional.of(Duration.ofSeconds(seconds));
    }

    @Option(names = "--count", paramLabel = "N", description = "With --watch: stop after N readings.")
    void count(long value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1, was " + value);
        }
        count = value;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        String password = account.password(server, err);
        try (Push3Client client = server.connect()) {
            Reply login;
            try {
                login = client.login(account.user(), password);
            } catch (PlaintextLogin.RefusedException | IllegalArgumentException e) { // nothing was sent
                err.printf("push3: %s%n", e.getMessage()).flush();
                return Push3Command.EXIT_CONFIG;
            }
            if (login instanceof Reply.Fail fail) {
                return refused(err, "LOGIN", fail.text());
            }
            return print(client, err);
        } catch (Push3Exception e) {
            return e.failText().isPresent() ? refused(err, "METRICS", e.failText().get()) : unreachable(err, e);
        } catch (IOException e) {
            return unreachable(err, e);
        }
    }

    private int print(Push3Client client, PrintWriter err) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        long readings = watch.isPresent() ? count : 1;
        int status = 0;
        for (long i = 0; i < readings; i++) {
            if (i > 0) {
                Thread.sleep(watch.orElseThrow());
            }
            Map<String, BigDecimal> metrics = client.metrics();
            String text = format.format(metrics);
            SortedSet<String> leftOut = format.leftOut(metrics);
            if (!leftOut.isEmpty()) {
                err.printf("push3: %s: METRICS sent values the %s format cannot carry (more than %d digits), left out: %s%n",
                        server, format.name().toLowerCase(Locale.ROOT), MetricsSnapshot.MAX_DIGITS,
                        String.join(", ", leftOut)).flush();
                status = EXIT_UNREACHABLE;
            }
            if (watch.isPresent() && format == MetricsFormat.TABLE) {
                out.printf("%s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS));
            }
            out.print(text);
            if (watch.isPresent() && format != MetricsFormat.JSON) {
                out.println();
            }
            out.flush();
        }
        return status;
    }

    private int refused(PrintWriter err, String request, String failText) {
        err.printf("push3: %s: %s refused: %s%n", server, request, failText).flush();
        return EXIT_REFUSED;
    }

    private int unreachable(PrintWriter err, Exception e) {
        err.printf("push3: %s: %s%n", server, e.getMessage()).flush();
        return EXIT_UNREACHABLE;
    }
}
