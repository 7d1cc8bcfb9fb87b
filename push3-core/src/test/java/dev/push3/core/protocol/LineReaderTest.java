package dev.push3.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.core.metrics.Counter;
import dev.push3.core.metrics.MetricRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    private final Counter bytesIn = new MetricRegistry().counter("bytes.in");

    private List<Line> readAll(String input) throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)), bytesIn, millis -> { });
        List<Line> lines = new ArrayList<>();
        Line line;
        while (!((line = reader.read(Duration.ZERO)) instanceof Line.End)) {
            lines.add(line);
        }
        return lines;
    }

    @Test
    void acceptsCrlfAndBareLfAndKeepsOtherCrs() throws IOException {
        assertThat(readAll("A\r\nB\nC\r\r\n\r\n")).containsExactly(
                new Line.Text("A"), new Line.Text("B"), new Line.Text("C\r"), new Line.Text(""));
        assertThat(bytesIn.get()).isEqualTo(11);
    }

    @Test
    void limitIs512OctetsIncludingCrlf() throws IOException {
        String max = "x".repeat(510);
        assertThat(readAll(max + "\r\n" + max + "x\r\n" + max + "x\n" + max + "xx\n")).containsExactly(
                new Line.Text(max), new Line.TooLong(), new Line.Text(max + "x"), new Line.TooLong());
    }

    @Test
    void discardsTheExcessUpToTheLineEndAndGoesOn() throws IOException {
        assertThat(readAll("y".repeat(100_000) + "\r\nCAPA\r\n")).containsExactly(new Line.TooLong(), new Line.Text("CAPA"));
    }

    @Test
    void dropsAPartialLastLine() throws IOException {
        assertThat(readAll("CAPA\r\nMETR")).containsExactly(new Line.Text("CAPA"));
    }
}
