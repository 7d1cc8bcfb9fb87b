package dev.push3.api.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Reads lines of at most a given number of octets, line end included, from a connection.
 * Push3's server reads requests with it, Push3's client replies, and a plugin may read its
 * peer's replies (the {@code pop3} authenticator does).
 *
 * <p>A line ends with LF; one CR before it is dropped, so both CRLF and a bare LF are
 * accepted. A longer line is discarded up to its line end and reported as
 * {@link Line.TooLong}, and reading can go on with the next line; a peer that sends an
 * endless line costs the limit in memory and is stopped by the deadline, never by running
 * out of heap. A whole line must arrive within the time given to {@link #read}: a peer that
 * sends one byte at a time cannot hold the reader longer. The reader buffers what the peer
 * sent ahead, so the caller can tell whether a whole line is already waiting.
 *
 * <p>Not thread-safe: one reader per connection, used by one thread at a time. It holds one
 * buffer, of the limit when that is at most 8 KiB (a server's 512 octets per session), else
 * growing with the line up to the limit, and nothing else; and holds none while the peer is
 * quiet: when no new line began within 100 ms, nothing being buffered, it lets the buffer go,
 * waits for the first octet alone and takes a buffer for the rest of the line. So an idle
 * connection costs no buffer (most of a server's sessions are idle), and a peer that talks
 * costs no more read calls than a buffer kept for ever would (but for its first line). Waiting
 * that way relies on {@code in} staying usable after a read timeout, as a socket's does (TLS's
 * too). When the connection changes (a TLS handshake over it), make a new reader; check
 * {@link #hasBufferedInput()} first, since octets the peer sent before the handshake must not
 * be read as if they came over TLS (CVE-2011-0411).
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

    /** A larger limit starts with this much and doubles as longer lines come, up to the limit. */
    private static final int INITIAL_BUFFER = 8192;
    /**
     * How long the buffer is kept, nothing being buffered, waiting for a new line: 100 ms, far
     * longer than a request/reply round trip, far shorter than a session's idle time.
     */
    private static final long KEEP_BUFFER_NANOS = 100_000_000L;

    private final InputStream in;
    private final ReadTimeout readTimeout;
    private final IntConsumer received;
    private final int maxLineOctets;
    /**
     * What was received and not yet read as lines: {@code buffer[start, limit)}. One buffer of
     * one longest line serves both as the read buffer and as the line being assembled; null
     * (with {@code start == limit == 0}) while nothing is buffered.
     */
    private byte[] buffer;
    private int start;
    private int limit;

    /**
     * Creates a reader.
     *
     * @param in the connection's input, unbuffered; not null
     * @param maxLineOctets the longest line allowed, its line end included; at least 2
     * @param readTimeout bounds each blocking read of {@code in}; not null
     * @param received told the number of octets of every read, for a byte counter; not null
     * @throws IllegalArgumentException when {@code maxLineOctets} is less than 2
     */
    public LineReader(InputStream in, int maxLineOctets, ReadTimeout readTimeout, IntConsumer received) {
        if (maxLineOctets < 2) {
            throw new IllegalArgumentException("maxLineOctets must be at least 2, was " + maxLineOctets);
        }
        this.in = Objects.requireNonNull(in, "in");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        this.received = Objects.requireNonNull(received, "received");
        this.maxLineOctets = maxLineOctets;
    }

    /**
     * Creates a reader that counts nothing.
     *
     * @param in the connection's input, unbuffered; not null
     * @param maxLineOctets the longest line allowed, its line end included; at least 2
     * @param readTimeout bounds each blocking read of {@code in}; not null
     */
    public LineReader(InputStream in, int maxLineOctets, ReadTimeout readTimeout) {
        this(in, maxLineOctets, readTimeout, n -> { });
    }

    /**
     * Returns the longest line allowed.
     *
     * @return octets, line end included
     */
    public int maxLineOctets() {
        return maxLineOctets;
    }

    /**
     * Reads the next line, blocking until a line end, the end of input or the time limit.
     *
     * @param timeLimit how long the whole line may take to arrive; zero for no limit; not null
     * @return the line; never null
     * @throws SocketTimeoutException when the line did not arrive within the time limit
     * @throws IOException when the connection fails
     */
    public Line read(Duration timeLimit) throws IOException {
        // Not through readBy: one frame less on the stack of every idle session's waiting thread.
        return timeLimit.isZero() ? read(false, 0) : read(true, System.nanoTime() + timeLimit.toNanos());
    }

    /**
     * Reads the next line, blocking until a line end, the end of input or a deadline shared
     * with other lines (the lines of one multi-line reply, say).
     *
     * @param deadline when to give up, as {@link System#nanoTime()}
     * @return the line; never null
     * @throws SocketTimeoutException when the line did not arrive by the deadline
     * @throws IOException when the connection fails
     */
    public Line readBy(long deadline) throws IOException {
        return read(true, deadline);
    }

    private Line read(boolean bounded, long deadline) throws IOException {
        if (start == limit) {
            int n = readIntoKeptBuffer(bounded, deadline);
            if (n < 0 || n == 0 && !awaitFirstOctet(bounded, deadline)) {
                return new Line.End();
            }
        }
        int scanned = start;
        while (true) {
            int end = indexOfLf(scanned);
            if (end >= 0) {
                Line line = text(start, end);
                start = end + 1;
                return line;
            }
            if (limit - start == buffer.length) {
                if (buffer.length == maxLineOctets) {
                    return discardThroughLf(bounded, deadline);
                }
                grow();
            }
            compact();
            scanned = limit; // what is buffered has no LF; look only at what comes next
            if (!fill(bounded, deadline)) {
                return new Line.End();
            }
        }
    }

    /** Drops an over-long line up to and with its LF; what follows stays buffered. */
    private Line discardThroughLf(boolean bounded, long deadline) throws IOException {
        while (true) {
            start = limit;
            compact();
            if (!fill(bounded, deadline)) {
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

    /** Doubles the buffer, up to the limit: memory follows the line being read, not the limit. */
    private void grow() {
        compact();
        buffer = Arrays.copyOf(buffer, (int) Math.min(maxLineOctets, 2L * buffer.length));
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
     * Tells whether a whole line the peer already sent is waiting in the buffer; Push3's
     * server then holds back its flush so pipelined replies go out together. A partial line
     * does not count.
     *
     * @return true when a complete line is buffered
     */
    public boolean hasBufferedLine() {
        return indexOfLf(start) >= 0;
    }

    /**
     * Tells whether any octet the peer sent is waiting in the buffer, a partial line included.
     *
     * @return true when octets are buffered
     */
    public boolean hasBufferedInput() {
        return start < limit;
    }

    /**
     * Waits at most {@code wait} for input without reading a line: for a client that looks
     * whether the peer said something on its own.
     *
     * @param wait how long to wait; zero or negative only looks at what is buffered; not null
     * @return true when octets are buffered or the peer closed its side (the next
     *     {@link #read} then tells which); false when nothing arrived in time
     * @throws IOException when the connection fails
     */
    public boolean awaitInput(Duration wait) throws IOException {
        if (hasBufferedInput()) {
            return true;
        }
        if (wait.isZero() || wait.isNegative()) {
            return false;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            if (readIntoKeptBuffer(true, deadline) == 0) {
                awaitFirstOctet(true, deadline);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** The line in {@code buffer[from, lf)}, without one CR before the LF. */
    private Line text(int from, int lf) {
        int end = lf > from && buffer[lf - 1] == '\r' ? lf - 1 : lf;
        return new Line.Text(new String(buffer, from, end - from, StandardCharsets.ISO_8859_1));
    }

    /**
     * Waits for the next line, nothing being buffered, in the buffer of the last line for at
     * most {@link #KEEP_BUFFER_NANOS}: a peer that talks keeps its buffer and costs no more
     * than one read call per line. When nothing comes by then, the buffer goes.
     *
     * @return the octets read; -1 at the end of input; 0 when there is no buffer (any more),
     *     and the caller waits with {@link #awaitFirstOctet}
     * @throws SocketTimeoutException when the caller's deadline comes first and passes
     */
    private int readIntoKeptBuffer(boolean bounded, long deadline) throws IOException {
        start = 0;
        limit = 0;
        if (buffer == null) {
            return 0;
        }
        long keepUntil = System.nanoTime() + KEEP_BUFFER_NANOS;
        boolean deadlineFirst = bounded && deadline - keepUntil <= 0;
        try {
            return fill(true, deadlineFirst ? deadline : keepUntil) ? limit : -1;
        } catch (SocketTimeoutException e) {
            if (deadlineFirst) {
                throw e;
            }
            buffer = null; // the peer is quiet: it may stay so for hours
            return 0;
        }
    }

    /**
     * Waits for the octet that starts the next line, nothing being buffered, without holding a
     * buffer while it waits (an idle connection may wait for hours); then takes one for the
     * rest of the line. The cost is one more read call for the line, which finds the rest of
     * the line already there when it came in one segment; it is paid only after a quiet
     * {@link #KEEP_BUFFER_NANOS}, and one timeout, so not by a peer that talks.
     *
     * <p>Reads into an array of one octet, as a socket's {@code read()} does (JDK 25: the
     * plain socket's allocates one per call and calls {@code read(b, 0, 1)}; TLS's reads into
     * one it keeps), but one call shallower: every frame below the wait is kept, per idle
     * connection, in the stack of its parked virtual thread.
     *
     * @return false at the end of input
     */
    private boolean awaitFirstOctet(boolean bounded, long deadline) throws IOException {
        setReadTimeout(bounded, deadline);
        byte[] octet = new byte[1];
        if (in.read(octet, 0, 1) < 0) {
            return false;
        }
        received.accept(1);
        buffer = new byte[Math.min(maxLineOctets, INITIAL_BUFFER)];
        buffer[0] = octet[0];
        limit = 1;
        return true;
    }

    /** Reads more after {@code limit}; false at the end of input. */
    private boolean fill(boolean bounded, long deadline) throws IOException {
        setReadTimeout(bounded, deadline);
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            return false;
        }
        received.accept(n);
        limit += n;
        return true;
    }

    private void setReadTimeout(boolean bounded, long deadline) throws IOException {
        if (!bounded) {
            readTimeout.set(0); // no limit, whatever limit the previous read left behind
            return;
        }
        long millis = Math.ceilDiv(deadline - System.nanoTime(), 1_000_000L);
        if (millis <= 0) {
            throw new SocketTimeoutException("no complete line within the time limit");
        }
        readTimeout.set((int) Math.min(millis, Integer.MAX_VALUE));
    }
}
