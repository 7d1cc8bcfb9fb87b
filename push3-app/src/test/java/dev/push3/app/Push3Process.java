package dev.push3.app;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * {@code bin/push3} running as a separate process, the way a user starts it. Its standard
 * output and error are read on their own threads as they come, so that a test can wait for
 * a line and still see everything the process printed after it stopped.
 *
 * <p>Stop a server with {@link #sigterm()} to see its shutdown: {@link Process#destroy()}
 * also closes this end of the child's pipes, losing its last lines. {@link #close()} kills
 * whatever is still running.
 */
final class Push3Process implements AutoCloseable {
    /** The image built by this module; another can be named with {@code -Dpush3.dist}. */
    static final Path DIST = Path.of(System.getProperty("push3.dist", "target/push3"));

    private static final Pattern LISTENING = Pattern.compile("Push3 listening on /127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final String command;
    private final StringWriter stdout = new StringWriter(); // a StringBuffer inside: safe to read while written
    private final StringBuffer stderr = new StringBuffer();
    private final BlockingQueue<String> stderrLines = new LinkedBlockingQueue<>();
    private final List<Thread> readers;
    private OptionalInt port = OptionalInt.empty();

    private Push3Process(Process process, String command) {
        this.process = process;
        this.command = command;
        this.readers = List.of(copy(process.getInputStream(), stdout), readLines(process.getErrorStream()));
    }

    /**
     * Starts the launcher of the {@link #DIST built image} with nothing on standard input.
     */
    static Push3Process launch(String... args) throws IOException {
        return launch(DIST.resolve("bin/push3"), testEnvironment(), args);
    }

    /**
     * Starts the launcher of the {@link #DIST built image} with more environment variables,
     * for example {@code PUSH3_JAVA_OPTS}.
     */
    static Push3Process launch(Map<String, String> more, String... args) throws IOException {
        Map<String, String> environment = testEnvironment();
        environment.putAll(more);
        return launch(DIST.resolve("bin/push3"), environment, args);
    }

    /**
     * Starts a launcher with nothing on standard input.
     *
     * @param launcher the {@code bin/push3} script, or a link to it
     * @param environment the process's whole environment: nothing is inherited
     */
    static Push3Process launch(Path launcher, Map<String, String> environment, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString());
        builder.command().addAll(List.of(args));
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        return new Push3Process(builder.start(), "push3 " + String.join(" ", args));
    }

    /**
     * Starts the launcher of the {@link #DIST built image} on a terminal of its own, a
     * pseudo-terminal made by util-linux {@code script}, as a user runs it: what the terminal
     * shows is {@link #stdout()}, and {@link #type(String)} types on it.
     *
     * @param output the file that the launcher's standard output is redirected to, as with
     *        {@code push3 passwd alice >> users}
     */
    static Push3Process onTerminal(Path output, String... args) throws IOException {
        StringBuilder line = new StringBuilder("exec ").append(quoted(DIST.resolve("bin/push3").toString()));
        for (String arg : args) {
            line.append(' ').append(quoted(arg));
        }
        line.append(" > ").append(quoted(output.toString()));
        ProcessBuilder builder = new ProcessBuilder("script", "--quiet", "--return", "--command", line.toString(), "/dev/null");
        builder.environment().clear();
        builder.environment().putAll(testEnvironment());
        return new Push3Process(builder.start(), "push3 " + String.join(" ", args) + " on a terminal");
    }

    /** This test's environment on this test's JDK ({@code JAVA_HOME}), with no {@code PUSH3_*} variable. */
    private static Map<String, String> testEnvironment() {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.keySet().removeIf(name -> name.startsWith("PUSH3_"));
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        return environment;
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Waits until the terminal (or standard output) shows {@code text}. */
    void awaitOutput(String text) {
        try {
            await(command + " shows '" + text + "'").atMost(START_TIMEOUT)
                    .failFast("the process ended", () -> !process.isAlive() && !stdout().contains(text))
                    .until(() -> stdout().contains(text));
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(command + " did not show '" + text + "' (" + e.getMessage() + "); it showed:\n"
                    + stdout() + stderr, e);
        }
    }

    /** Types a line on the terminal of {@link #onTerminal(Path, String...)}, Enter included. */
    void type(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /**
     * Waits for the server's {@code Push3 listening on} line.
     *
     * @return the port it listens on; the same on every call
     * @throws AssertionError with the standard error so far, when the process ends or takes
     *         longer than a minute instead
     */
    int awaitPort() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (port.isEmpty() && System.nanoTime() < deadline) {
            String line = stderrLines.poll(1, TimeUnit.SECONDS);
            Matcher m = line == null ? null : LISTENING.matcher(line);
            if (m != null && m.find()) {
                port = OptionalInt.of(Integer.parseInt(m.group(1)));
            } else if (line == null && !process.isAlive()) {
                break;
            }
        }
        return port.orElseThrow(() -> new AssertionError(command + " did not start; stderr:\n" + stderr));
    }

    /** Sends SIGTERM, as an operator's {@code kill} or a service manager does. */
    void sigterm() throws IOException, InterruptedException {
        signal("TERM");
    }

    /** Sends a signal by name ({@code HUP}, {@code TERM}) with {@code kill}, as systemd's ExecReload does. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed with status " + kill.exitValue());
        }
    }

    /**
     * Waits until standard error has shown {@code count} lines containing {@code text}.
     *
     * @throws AssertionError with the standard error so far, when that takes longer than a minute
     */
    void awaitStderr(String text, int count) {
        try {
            await(command + " logs '" + text + "' " + count + " times").atMost(START_TIMEOUT)
                    .until(() -> stderr().lines().filter(line -> line.contains(text)).count() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(command + " did not log '" + text + "' " + count + " times; stderr:\n" + stderr, e);
        }
    }

    /**
     * Waits for the process to end and for its output to be read to the end.
     *
     * @return its exit status
     * @throws AssertionError when it is still running after {@code timeout} (it is then killed)
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within " + timeout + "; stderr:\n" + stderr);
        }
        for (Thread reader : readers) {
            reader.join(DRAIN_TIMEOUT);
        }
        return process.exitValue();
    }

    /** What the process wrote to standard output so far. */
    String stdout() {
        return stdout.toString();
    }

    /** What the process wrote to standard error so far. */
    String stderr() {
        return stderr.toString();
    }

    /**
     * Kills the process if it still runs, and its children (the JVM under a launcher that
     * records its start-up cache), and waits a little for it to go.
     */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies standard output as it is, so that a test sees exactly what was printed. */
    private static Thread copy(InputStream stream, StringWriter text) {
        return Thread.ofVirtual().start(() -> {
            try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                in.transferTo(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Reads standard error line by line, for {@link #awaitPort()} to look at as lines come. */
    private Thread readLines(InputStream stream) {
        return Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                in.lines().forEach(line -> {
                    stderr.append(line).append('\n');
                    stderrLines.add(line);
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
