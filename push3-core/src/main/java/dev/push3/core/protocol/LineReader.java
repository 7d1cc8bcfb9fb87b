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
    private final byte[] line = new byte[MAX_LINE_OCTETS - 1];
    private final byte[] chunk = new byte[2048];
    private int position;
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
        int length = 0;
        boolean overflow = false;
        while (true) {
            if (position == limit && !fill(deadline)) {
                return new Line.End();
            }
            byte b = chunk[position++];
            if (b == '\n') {
                return overflow ? new Line.TooLong() : text(length);
            }
            if (length < line.length) {
                line[length++] = b;
            } else {
                overflow = true;
            }
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
        for (int i = position; i < limit; i++) {
            if (chunk[i] == '\n') {
                return true;
            }
        }
        return false;
    }

    private Line text(int length) {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        return new Line.Text(new String(line, 0, end, StandardCharsets.ISO_8859_1));
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
        int n = in.read(chunk);
        if (n < 0) {
            return false;
        }
        bytesIn.add(n);
        position = 0;
        limit = n;
        return true;
    }
}
