package dev.push3.api.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    /** The limit of Push3 requests, as the server uses it. */
    private static final int MAX = 512;
    private final LongAdder bytesIn = new LongAdder();

    private List<Line> readAll(String input) throws IOException {
        return readAll(new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void acceptsCrlfAndBareLfAndKeepsOtherCrs() throws IOException {
        assertThat(readAll("A\r\nB\nC\r\r\n\r\n")).containsExactly(
                new Line.Text("A"), new Line.Text("B"), new Line.Text("C\r"), new Line.Text(""));
        assertThat(bytesIn.sum()).isEqualTo(11);
    }

    @Test
    void theLimitCountsTheLineEnd() throws IOException {
        String max = "x".repeat(510);
        assertThat(readAll(max + "\r\n" + max + "x\r\n" + max + "x\n" + max + "xx\n")).containsExactly(
                new Line.Text(max), new Line.TooLong(), new Line.Text(max + "x"), new Line.TooLong());
    }

    @Test
    void discardsTheExcessUpToTheLineEndAndGoesOn() throws IOException {
        assertThat(readAll("y".repeat(100_000) + "\r\nCAPA\r\n")).containsExactly(new Line.TooLong(), new Line.Text("CAPA"));
    }

    @Test
    void linesSplitAcrossReadsAndPipelinedPastTheBufferComeOutWhole() throws IOException {
        StringBuilder input = new StringBuilder();
        List<Line> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String text = "LOGIN user" + i + " " + "p".repeat(i % 37);
            input.append(text).append(i % 2 == 0 ? "\r\n" : "\n");
            expected.add(new Line.Text(text));
        }
        String max = "z".repeat(511);
        input.append(max).append('\n').append(max).append("zz\r\nCAPA\r\n");
        expected.addAll(List.of(new Line.Text(max), new Line.TooLong(), new Line.Text("CAPA")));
        for (int chunk : new int[] {1, 3, 100, 511, 512, 513, 4096}) {
            assertThat(readAll(new Trickle(input.toString().getBytes(StandardCharsets.ISO_8859_1), chunk)))
                    .as("read %d octets at a time", chunk).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void tellsWhetherAWholePipelinedLineIsWaiting() throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream("CAPA\r\nQUIT\r\nCA".getBytes(StandardCharsets.US_ASCII)),
                MAX, millis -> { }, bytesIn::add);
        assertThat(reader.read(Duration.ZERO)).isEqualTo(new Line.Text("CAPA"));
        assertThat(reader.hasBufferedLine()).isTrue();
        assertThat(reader.read(Duration.ZERO)).isEqualTo(new Line.Text("QUIT"));
        assertThat(reader.hasBufferedLine()).as("a partial line is not a request yet").isFalse();
    }

    @Test
    void holdsNoBufferWhileThePeerIsQuietAndReadsOnAfterwards() throws IOException {
        QuietPeer input = new QuietPeer("CAPA\r\n", "QUIT\r\n");
        LineReader reader = new LineReader(input, MAX, input::setTimeout, bytesIn::add);
        assertThat(reader.read(Duration.ZERO)).isEqualTo(new Line.Text("CAPA"));
        assertThat(reader.read(Duration.ZERO)).isEqualTo(new Line.Text("QUIT"));
        assertThat(reader.read(Duration.ZERO)).isEqualTo(new Line.End());
        assertThat(input.bufferHeldWhileQuiet).as("the array a line was read into is still reachable while the reader "
                + "waits for the next line of a quiet peer (an idle connection would keep it)").containsOnly(false);
        assertThat(bytesIn.sum()).isEqualTo(12);
    }

    @Test
    void aQuietPeerStillMeetsTheDeadlineBeforeOrAfterTheBufferGoes() throws IOException {
        for (Duration limit : List.of(Duration.ofMillis(50), Duration.ofSeconds(5))) {
            QuietPeer input = new QuietPeer("CAPA\r\n");
            LineReader reader = new LineReader(input, MAX, input::setTimeout, bytesIn::add);
            assertThat(reader.read(limit)).isEqualTo(new Line.Text("CAPA"));
            assertThatThrownBy(() -> reader.read(limit)).as("limit %s", limit).isInstanceOf(SocketTimeoutException.class);
        }
    }

    /**
     * A peer that sends its parts with a quiet time after each, as a socket shows it: a read
     * with a time limit times out, one without waits (here: till the next part). Whenever the
     * reader waits without a limit, it tells whether the array it last filled is still
     * reachable: given again, or not collected by a full GC.
     */
    private static final class QuietPeer extends InputStream {
        private final Deque<byte[]> parts = new ArrayDeque<>();
        private byte[] part;
        private int position;
        private int timeoutMillis;
        private WeakReference<byte[]> filled = new WeakReference<>(null);
        private final List<Boolean> bufferHeldWhileQuiet = new ArrayList<>();

        QuietPeer(String... parts) {
            for (String text : parts) {
                this.parts.add(text.getBytes(StandardCharsets.US_ASCII));
            }
            part = this.parts.remove(); // the first part is there at once
        }

        void setTimeout(int millis) {
            timeoutMillis = millis;
        }

        @Override
        public int read() throws IOException {
            byte[] octet = new byte[1];
            return read(octet, 0, 1) < 0 ? -1 : octet[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position == part.length) {
                if (timeoutMillis > 0) {
                    throw new SocketTimeoutException("Read timed out (quiet peer)");
                }
                bufferHeldWhileQuiet.add(b == filled.get() || !collected(filled));
                if (parts.isEmpty()) {
                    return -1;
                }
                part = parts.remove();
                position = 0;
            }
            int n = Math.min(len, part.length - position);
            System.arraycopy(part, position, b, off, n);
            position += n;
            filled = new WeakReference<>(b);
            return n;
        }

        private static boolean collected(WeakReference<byte[]> reference) {
            for (int i = 0; i < 20 && reference.get() != null; i++) {
                System.gc(); // a full collection clears a weak reference to an array nothing else holds
            }
            return reference.get() == null;
        }
    }

    /** Gives at most a few octets per read, as a slow network does. */
    private static final class Trickle extends ByteArrayInputStream {
        private final int chunk;

        Trickle(byte[] bytes, int chunk) {
            super(bytes);
            this.chunk = chunk;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, chunk));
        }
    }

    private List<Line> readAll(InputStream input) throws IOException {
        LineReader reader = new LineReader(input, MAX, millis -> { }, bytesIn::add);
        List<Line> lines = new ArrayList<>();
        Line line;
        while (!((line = reader.read(Duration.ZERO)) instanceof Line.End)) {
            lines.add(line);
        }
        return lines;
    }

    @Test
    void dropsAPartialLastLine() throws IOException {
        assertThat(readAll("CAPA\r\nMETR")).containsExactly(new Line.Text("CAPA"));
    }
}
