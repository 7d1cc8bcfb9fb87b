package dev.push3.core.bench;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.support.Line;
import dev.push3.api.support.LineReader;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.protocol.ReplyWriter;
import dev.push3.core.protocol.Request;
import dev.push3.core.protocol.RequestParser;
import dev.push3.core.session.MeasuredAuthenticator;
import dev.push3.core.session.MetricsCollector;
import dev.push3.core.session.ServerCounters;
import dev.push3.core.wire.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server's work for one request, piece by piece, without the network: reading a line,
 * parsing it, reading the in-process counters, collecting and formatting a METRICS reply,
 * and encoding a reply line; {@code metricsRequest} is all of them for one METRICS. Run with
 * {@code -prof gc} to see the bytes allocated per request. Run by hand, one thread:
 * <pre>
 * ./mvnw -q -pl push3-core -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
 * java -cp push3-core/target/test-classes:push3-core/target/classes:$(cat push3-core/target/bench-classpath.txt) \
 *     org.openjdk.jmh.Main HotPathBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = "-Xmx256m")
public class HotPathBenchmark {
    private static final byte[] PIPELINED = "METRICS\r\n".repeat(64).getBytes(StandardCharsets.US_ASCII);

    private MetricRegistry registry;
    private MetricsCollector collector;
    private LineReader reader;
    private MetricsSnapshot snapshot;
    private Reply.Success metricsReply;

    @Setup
    public void setUp() {
        registry = new MetricRegistry();
        ServerCounters counters = ServerCounters.register(registry, Instant.now());
        counters.commandsTotal().add(123_456);
        counters.bytesOut().add(98_765_432);
        collector = new MetricsCollector(registry,
                new MeasuredAuthenticator("bench", credentials -> AuthOutcome.rejected(), registry), new LinkedHashMap<>());
        reader = new LineReader(new Repeating(PIPELINED), RequestParser.MAX_LINE_OCTETS, millis -> { }, counters.bytesIn()::add);
        snapshot = collector.collect(Duration.ofSeconds(1));
        metricsReply = new Reply.Success(snapshot.format(" "));
    }

    @TearDown
    public void tearDown() {
        collector.close();
    }

    @Benchmark
    public Line readLine() throws IOException {
        return reader.read(Duration.ZERO);
    }

    @Benchmark
    public Request parseMetrics() {
        return RequestParser.parse("METRICS");
    }

    @Benchmark
    public Request parseLogin() {
        return RequestParser.parse("LOGIN alice correct horse");
    }

    @Benchmark
    public MetricsSnapshot registrySnapshot() {
        return registry.snapshot();
    }

    @Benchmark
    public MetricsSnapshot collect() {
        return collector.collect(Duration.ofSeconds(1));
    }

    @Benchmark
    public String format() {
        return snapshot.format(" ");
    }

    @Benchmark
    public byte[] encodeMetricsReply() {
        return ReplyWriter.encode(metricsReply);
    }

    @Benchmark
    public byte[] metricsRequest() throws IOException {
        Line line = reader.read(Duration.ZERO);
        if (!(line instanceof Line.Text text) || !(RequestParser.parse(text.text()) instanceof Request.Metrics)) {
            throw new IllegalStateException("not METRICS: " + line);
        }
        return ReplyWriter.encode(new Reply.Success(collector.collect(Duration.ofSeconds(1)).format(" ")));
    }

    /** Gives the same octets over and over, as a client that pipelines forever. */
    private static final class Repeating extends InputStream {
        private final byte[] pattern;
        private int position;

        Repeating(byte[] pattern) {
            this.pattern = pattern;
        }

        @Override
        public int read() {
            byte b = pattern[position];
            position = (position + 1) % pattern.length;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = Math.min(len, pattern.length - position);
            System.arraycopy(pattern, position, b, off, n);
            position = (position + n) % pattern.length;
            return n;
        }
    }
}
