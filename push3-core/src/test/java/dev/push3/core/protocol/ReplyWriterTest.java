package dev.push3.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.core.metrics.Counter;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.wire.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyWriterTest {
    private final Counter bytesOut = new MetricRegistry().counter("bytes.out");

    @Test
    void encodesEachReplyAsItsLineAndCrlfWithNonAsciiAsQuestionMarks() {
        for (Reply reply : List.of(new Reply.Success("logged in"), new Reply.Fail("invalid credentials"),
                new Reply.Success(""), new Reply.Fail(""), new Reply.Success("a=1 b=2.5"), new Reply.Fail("caf\u00e9 \u20ac"))) {
            assertThat(new String(ReplyWriter.encode(reply), StandardCharsets.ISO_8859_1))
                    .isEqualTo(new String((reply.toLine() + "\r\n").getBytes(StandardCharsets.US_ASCII), StandardCharsets.ISO_8859_1));
        }
        assertThat(ReplyWriter.encode(new Reply.Fail("caf\u00e9"))).isEqualTo("->FAIL: caf?\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void writesOnlyWhatIsFlushedUntilTheLastReplyAndCountsOctets() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ReplyWriter writer = new ReplyWriter(wire, bytesOut);

        writer.write(new Reply.Success("one"), false);
        writer.writeLast(new Reply.Success("bye"));
        writer.write(new Reply.Fail("too late"), true);

        assertThat(wire.toString(StandardCharsets.US_ASCII)).isEqualTo("->SUCCESS: one\r\n->SUCCESS: bye\r\n");
        assertThat(bytesOut.get()).isEqualTo(wire.size());
    }

    /** The socket's stream is not buffered: the writer gathers pipelined replies itself. */
    @Test
    void pipelinedRepliesGoOutTogetherAtMostAKilobyteAtATimeAndAFlushedOneAlone() throws IOException {
        List<Integer> writes = new java.util.ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                writes.add(len);
                super.write(b, off, len);
            }
        };
        ReplyWriter writer = new ReplyWriter(wire, bytesOut);
        writer.write(new Reply.Success("one"), false);
        writer.write(new Reply.Success("two"), false);
        writer.write(new Reply.Success("three"), true);
        writer.write(new Reply.Success("alone"), true);
        assertThat(writes).containsExactly(16 + 16 + 18, 18);

        writes.clear();
        String text = "x".repeat(300);
        for (int i = 0; i < 10; i++) {
            writer.write(new Reply.Success(text), false);
        }
        writer.flush();
        assertThat(writes).allMatch(length -> length <= ReplyWriter.BUFFER_SIZE).hasSize(4);
        assertThat(wire.size()).isEqualTo(50 + 18 + 10 * 313).isEqualTo(bytesOut.get());
    }
}
