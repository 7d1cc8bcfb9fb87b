package dev.push3.testkit.prometheus;

import dev.push3.testkit.IntegrationGate;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own checker of the text format, {@code promtool} (Debian's {@code prometheus}
 * package), for tests that must prove an exposition parses and follows Prometheus' naming
 * rules, not only that it contains some lines.
 */
public final class PromTool {
    /** The program. */
    public static final String PROGRAM = "promtool";
    /** promtool's exit status for a text that parsed but breaks a naming convention. */
    private static final int LINT_PROBLEMS = 3;

    private PromTool() {
    }

    /**
     * Runs {@code promtool check metrics} on a Prometheus text format exposition (0.0.4), given
     * on its standard input. Skips the test when promtool is not installed (fails it under
     * {@code -Dpush3.it.required=true}).
     *
     * @param exposition the text, as an endpoint served it
     * @return the lint problems promtool found, one per line (for example {@code x_us metric names
     *     should not contain abbreviated units}); empty when it found none
     * @throws AssertionError when promtool cannot parse the text (exit status 1), with its output
     */
    public static java.util.List<String> checkMetrics(String exposition) {
        IntegrationGate.requireProgram(PROGRAM, PrometheusServer.HINT);
        try {
            Process process = new ProcessBuilder(PROGRAM, "check", "metrics").redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("promtool check metrics did not finish within 60 s");
            }
            // 0: clean; 3: parsed, with lint problems; anything else: the text did not parse.
            if (process.exitValue() != 0 && process.exitValue() != LINT_PROBLEMS) {
                throw new AssertionError("promtool check metrics exited with " + process.exitValue() + ":\n" + output);
            }
            return output.lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run promtool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while promtool ran", e);
        }
    }
}
