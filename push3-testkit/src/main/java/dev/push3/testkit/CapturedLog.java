package dev.push3.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Captures what this JVM writes to standard error while it is open, which is where the tests'
 * logging backend (slf4j-simple, which looks {@code System.err} up on every line) writes log
 * lines. Everything still reaches the real standard error too. Tests of one module run one
 * after another, so a capture sees only the lines of its own test (and of threads it started).
 */
public final class CapturedLog implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private CapturedLog() {
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(both, true, StandardCharsets.UTF_8));
    }

    /**
     * Starts capturing.
     *
     * @return the capture; close it to stop
     */
    public static CapturedLog start() {
        return new CapturedLog();
    }

    /**
     * Returns the lines captured so far.
     *
     * @return the lines, in order
     */
    public List<String> lines() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    /**
     * Returns the captured lines that contain a text.
     *
     * @param text the text to look for
     * @return those lines, in order
     */
    public List<String> linesContaining(String text) {
        return lines().stream().filter(line -> line.contains(text)).toList();
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }
}
