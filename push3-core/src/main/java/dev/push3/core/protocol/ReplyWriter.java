package dev.push3.core.protocol;

import dev.push3.core.metrics.Counter;
import dev.push3.core.wire.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes whole reply lines, each ended by CRLF. Thread-safe: the session thread and the
 * server's shutdown both write here, and a line is never interleaved with another.
 * After {@link #writeLast} nothing more is written. A write blocked by a client that
 * stops reading is visible to other threads through {@link #writingFor}. A lock, not
 * {@code synchronized}: a write blocked on a slow client must not pin its virtual thread's
 * carrier (Java 21 to 23).
 *
 * <p>Replies written without a flush (pipelined requests) are gathered in a buffer of
 * {@value #BUFFER_SIZE} octets that exists only while it holds something: an idle session,
 * whose last reply was flushed, holds no buffer (most sessions are idle, and 50,000 buffers of
 * 1 KB would be 50 MB of heap). A reply that is flushed with nothing gathered before it goes
 * out in one write, without a copy.
 */
public final class ReplyWriter {
    private static final byte[] SUCCESS = Reply.SUCCESS_PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAIL = Reply.FAIL_PREFIX.getBytes(StandardCharsets.US_ASCII);

    /** The most octets gathered before they are sent, as a {@code BufferedOutputStream} of this size would. */
    static final int BUFFER_SIZE = 1024;

    private final OutputStream out;
    private final Counter bytesOut;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean finished;
    /** Replies written without a flush, not sent yet; null when there are none. */
    private byte[] pending;
    private int pendingLength;
    /** When the write in progress started ({@link System#nanoTime()}, never 0), or 0 when none is. */
    private volatile long writingSince;

    /**
     * Creates a writer.
     *
     * @param out the connection's output, unbuffered (the writer gathers pipelined replies itself); not null
     * @param bytesOut counts every octet sent
     */
    public ReplyWriter(OutputStream out, Counter bytesOut) {
        this.out = out;
        this.bytesOut = bytesOut;
    }

    /**
     * Writes a reply; flushes only when asked, so pipelined replies share a TCP segment.
     *
     * @param reply the reply; not null
     * @param flush whether to send it now
     * @throws IOException when the connection fails
     */
    public void write(Reply reply, boolean flush) throws IOException {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            byte[] line = encode(reply);
            writingSince = System.nanoTime() | 1;
            try {
                send(line, flush);
            } finally {
                writingSince = 0;
            }
            bytesOut.add(line.length);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends the replies written without a flush, before a request that may take long (a
     * LOGIN waiting for its penalty or its backend, a METRICS waiting for its sources): the
     * replies owed to earlier lines must not wait for it.
     *
     * @throws IOException when the connection fails
     */
    public void flush() throws IOException {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            writingSince = System.nanoTime() | 1;
            try {
                drain();
                out.flush();
            } finally {
                writingSince = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends or gathers one line; the caller holds the lock. */
    private void send(byte[] line, boolean flush) throws IOException {
        if (pendingLength + line.length > BUFFER_SIZE) {
            drain();
        }
        if (pendingLength == 0 && (flush || line.length > BUFFER_SIZE)) {
            out.write(line);
        } else {
            if (pending == null) {
                pending = new byte[BUFFER_SIZE];
            }
            System.arraycopy(line, 0, pending, pendingLength, line.length);
            pendingLength += line.length;
            if (flush) {
                drain();
            }
        }
        if (flush) {
            out.flush();
        }
    }

    /** Sends what was gathered and lets the buffer go. */
    private void drain() throws IOException {
        byte[] gathered = pending;
        int length = pendingLength;
        pending = null;
        pendingLength = 0;
        if (length > 0) {
            out.write(gathered, 0, length);
        }
    }

    /**
     * Tells how long the write in progress has been blocked, for a watchdog on another
     * thread: a client that stops reading fills the socket buffers and blocks the writer.
     *
     * @param now the current {@link System#nanoTime()}
     * @return nanoseconds since the write in progress started; 0 when no write is in progress
     */
    public long writingFor(long now) {
        long since = writingSince;
        return since == 0 ? 0 : Math.max(1, now - since);
    }

    /**
     * Encodes a reply as on the wire, CRLF included, in one array: what {@code Reply.toLine()}
     * gives, plus CRLF, with any non-ASCII char as {@code ?}.
     *
     * @param reply the reply; not null
     * @return the octets; never null
     */
    public static byte[] encode(Reply reply) {
        byte[] prefix = reply.success() ? SUCCESS : FAIL;
        String text = reply.text();
        int length = text.length();
        byte[] line = new byte[prefix.length + (length == 0 ? 0 : 1 + length) + 2];
        System.arraycopy(prefix, 0, line, 0, prefix.length);
        int p = prefix.length;
        if (length > 0) {
            line[p++] = ' ';
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                line[p++] = c < 0x80 ? (byte) c : (byte) '?';
            }
        }
        line[p++] = '\r';
        line[p] = '\n';
        return line;
    }

    /**
     * Writes and flushes a final reply; later writes are dropped.
     *
     * @param reply the reply; not null
     * @throws IOException when the connection fails
     */
    public void writeLast(Reply reply) throws IOException {
        lock.lock();
        try {
            write(reply, true);
            finished = true;
        } finally {
            lock.unlock();
        }
    }
}
