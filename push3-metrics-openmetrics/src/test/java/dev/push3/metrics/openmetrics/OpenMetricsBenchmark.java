package dev.push3.metrics.openmetrics;

import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one METRICS costs this source: parsing and mapping Dovecot's body, a large body, a
 * reused result, and a full scrape over loopback HTTP.
 *
 * <p>Run (after {@code ./mvnw -pl push3-metrics-openmetrics -am test-compile}):
 * <pre>
 * java -cp "push3-metrics-openmetrics/target/test-classes:push3-metrics-openmetrics/target/classes:$(cat cp.txt)" \
 *     org.openjdk.jmh.Main OpenMetricsBenchmark
 * </pre>
 * with {@code cp.txt} from {@code ./mvnw -pl push3-metrics-openmetrics dependency:build-classpath
 * -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OpenMetricsBenchmark {
    private static final int LARGE_FAMILIES = 100;
    private static final int LARGE_LABEL_VALUES = 100;

    private String dovecotBody;
    private String largeBody;
    private SnapshotMapping dovecotPreset;
    private SnapshotMapping everything;
    private ExpositionServer endpoint;
    private MetricsSource reusing;
    private MetricsSource scrapingEveryTime;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dovecotBody = Samples.text(Samples.DOVECOT);
        largeBody = largeBody();
        dovecotPreset = mapping(Preset.DOVECOT);
        everything = mapping(Preset.NONE);
        endpoint = new ExpositionServer().serve(ExpositionServer.OPENMETRICS_TYPE, dovecotBody);
        reusing = source("1h");
        scrapingEveryTime = source("0s");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        reusing.close();
        scrapingEveryTime.close();
        endpoint.close();
    }

    /** Parse and map the captured Dovecot body with the dovecot preset (the common case). */
    @Benchmark
    public MetricsSnapshot dovecotBodyParsedAndMapped() throws Exception {
        return dovecotPreset.map(ExpositionParser.parse(dovecotBody, ExpositionFormat.OPENMETRICS)).snapshot();
    }

    /** Parse and map 10,000 labelled samples (100 families x 100 label values), keeping all. */
    @Benchmark
    public MetricsSnapshot largeBodyParsedAndMapped() throws Exception {
        return everything.map(ExpositionParser.parse(largeBody, ExpositionFormat.OPENMETRICS)).snapshot();
    }

    /** collect() while the last scrape is younger than min-interval. */
    @Benchmark
    public MetricsSnapshot collectReusingTheLastScrape() throws Exception {
        return reusing.collect();
    }

    /** collect() with min-interval 0s: one HTTP GET over loopback, parse, map. */
    @Benchmark
    public MetricsSnapshot collectScrapingOverLoopbackHttp() throws Exception {
        return scrapingEveryTime.collect();
    }

    private MetricsSource source(String minInterval) {
        return new OpenMetricsSourceProvider().create(PluginConfig.of(Map.of(
                "metrics.openmetrics.url", endpoint.url(),
                "metrics.openmetrics.preset", "dovecot",
                "metrics.openmetrics.min-interval", minInterval)));
    }

    private static SnapshotMapping mapping(Preset preset) {
        return new SnapshotMapping(new SampleFilter(patterns(preset.include()), patterns(preset.exclude())));
    }

    private static List<NamePattern> patterns(List<String> globs) {
        return globs.stream().map(NamePattern::new).toList();
    }

    private static String largeBody() {
        StringBuilder body = new StringBuilder();
        for (int f = 0; f < LARGE_FAMILIES; f++) {
            body.append("# HELP family_").append(f).append(" A family of the large body\n");
            body.append("# TYPE family_").append(f).append(" counter\n");
            for (int v = 0; v < LARGE_LABEL_VALUES; v++) {
                body.append("family_").append(f).append("_total{cmd_name=\"CMD").append(v)
                        .append("\",reply=\"OK\"} ").append(f * 1000L + v).append('\n');
            }
        }
        return body.append("# EOF\n").toString();
    }
}
