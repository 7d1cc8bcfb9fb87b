package dev.push3.core.protocol;

import dev.push3.core.metrics.Counter;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads request lines of at most {@value #MAX_LINE_OCTETS} octets, line end included.
 *
 * <p>A line ends with LF; one CR before it is dropped, so both CRLF and a bare LF are
 * accepted. A longer line is discarded up to its line end and reported as
 * {@link Line.TooLong}, and reading goes on with the next line. The reader buffers what
 * the client pipelined, so the session can tell whether more requests are already waiting.
 * A whole line must arrive within the idle limit given to {@link #read}: a client that sends
 * one byte at a time cannot hold a session open. Not thread-safe: one reader per session.
 */
public final class LineReader {
    /** Sets how long the next blocking read may wait; for a socket, {@code Socket::setSoTimeout}. */
    @FunctionalInterface
    public interface ReadTimeout {
        /**
         * Bounds the next read.
         *
         * @param millis the longest wait; 0 for no limit
         * @throws IOException when the connection cannot take the setting
         */
        void set(int millis) throws IOException;
    }

    /** The longest request line allowed, in octets, CRLF included. */
    public static final int MAX_LINE_OCTETS = 512;

    private final InputStream in;
    private final Counter bytesIn;
    private final ReadTimeout readTimeout;
    /**
     * What was received and not yet read as lines: {@code buffer[start, limit)}. One buffer of
     * one longest line serves both as the read buffer and as the line being assembled, so an
     * idle session holds 512 octets here and nothing else.
     */
    private final byte[] buffer = new byte[MAX_LINE_OCTETS];
    private int start;
    private int limit;

    /**
     * Creates a reader.
     *
     * @param in the connection's input, unbuffered; not null
     * @param bytesIn counts every octet received
     * @param readTimeout bounds each blocking read of {@code in}
     */
    public LineReader(InputStream in, Counter bytesIn, ReadTimeout readTimeout) {
        this.in = in;
        this.bytesIn = bytesIn;
        this.readTimeout = readTimeout;
    }

    /**
     * Reads the next line, blocking until a line end, the end of input or the idle limit.
     *
     * @param idleLimit how long the whole line may take to arrive; zero for no limit
     * @return the line; never null
     * @throws SocketTimeoutException when the line did not arrive within the idle limit
     * @throws IOException when the connection fails
     */
    public Line read(Duration idleLimit) throws IOException {
        long deadline = idleLimit.isZero() ? 0 : System.nanoTime() + idleLimit.toNanos();
        int scanned = start;
        while (true) {
            int end = indexOfLf(scanned);
            if (end >= 0) {
                Line line = text(start, end);
                start = end + 1;
                return line;
            }
            if (limit - start == buffer.length) {
                return discardThroughLf(deadline);
            }
            compact();
            scanned = limit; // what is buffered has no LF; look only at what comes next
            if (!fill(deadline)) {
                return new Line.End();
            }
        }
    }

    /** Drops an over-long line up to and with its LF; what follows stays buffered. */
    private Line discardThroughLf(long deadline) throws IOException {
        while (true) {
            start = limit;
            compact();
            if (!fill(deadline)) {
                return new Line.End();
            }
            int end = indexOfLf(start);
            if (end >= 0) {
                start = end + 1;
                return new Line.TooLong();
            }
        }
    }

    private int indexOfLf(int from) {
        for (int i = from; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Moves the unread octets to the front, so the rest of the buffer can take more input. */
    private void compact() {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, limit - start);
            limit -= start;
            start = 0;
        }
    }

    /**
     * Tells whether a whole request line the client already sent is waiting in the buffer;
     * the session then holds back its flush so pipelined replies go out together. A partial
     * line does not count: the reply to the line before it is owed now, not when the rest of
     * the next line arrives.
     *
     * @return true when a complete line is buffered
     */
    public boolean hasBufferedLine() {
        return indexOfLf(start) >= 0;
    }

    /** The line in {@code buffer[from, lf)}, without one CR before the LF. */
    private Line text(int from, int lf) {
        int end = lf > from && buffer[lf - 1] == '\r' ? lf - 1 : lf;
        return new Line.Text(new String(buffer, from, end - from, StandardCharsets.ISO_8859_1));
    }

    private boolean fill(long deadline) throws IOException {
        if (deadline == 0) {
            readTimeout.set(0); // no limit, whatever limit the previous state left behind
        } else {
            long millis = Math.ceilDiv(deadline - System.nanoTime(), 1_000_000L);
            if (millis <= 0) {
                throw new SocketTimeoutException("no complete line within the idle limit");
            }
            readTimeout.set((int) Math.min(millis, Integer.MAX_VALUE));
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            return false;
        }
        bytesIn.add(n);
        limit += n;
        return true;
    }
}
