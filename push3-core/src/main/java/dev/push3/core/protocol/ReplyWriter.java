package dev.push3.core.protocol;

import dev.push3.core.client.Reply;
import dev.push3.core.metrics.Counter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes whole reply lines, each ended by CRLF. Thread-safe: the session thread and the
 * server's shutdown both write here, and a line is never interleaved with another.
 * After {@link #writeLast} nothing more is written. A write blocked by a client that
 * stops reading is visible to other threads through {@link #writingFor}.
 */
public final class ReplyWriter {
    private final OutputStream out;
    private final Counter bytesOut;
    private boolean finished;
    /** When the write in progress started ({@link System#nanoTime()}, never 0), or 0 when none is. */
    private volatile long writingSince;

    /**
     * Creates a writer.
     *
     * @param out the connection's output; not null
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
    public synchronized void write(Reply reply, boolean flush) throws IOException {
        if (finished) {
            return;
        }
        byte[] line = (reply.toLine() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        writingSince = System.nanoTime() | 1;
        try {
            out.write(line);
            if (flush) {
                out.flush();
            }
        } finally {
            writingSince = 0;
        }
        bytesOut.add(line.length);
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
     * Writes and flushes a final reply; later writes are dropped.
     *
     * @param reply the reply; not null
     * @throws IOException when the connection fails
     */
    public synchronized void writeLast(Reply reply) throws IOException {
        write(reply, true);
        finished = true;
    }
}
