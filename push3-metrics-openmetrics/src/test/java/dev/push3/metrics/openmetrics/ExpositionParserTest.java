package dev.push3.metrics.openmetrics;

import static dev.push3.metrics.openmetrics.ExpositionFormat.OPENMETRICS;
import static dev.push3.metrics.openmetrics.ExpositionFormat.PROMETHEUS_TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpositionParserTest {

    @Test
    void readsEverySampleOfTheCapturedDovecotBody() throws Exception {
        String body = Samples.text(Samples.DOVECOT);
        Exposition exposition = ExpositionParser.parse(body, OPENMETRICS);

        long sampleLines = body.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        assertThat(exposition.samples()).hasSize((int) sampleLines);
        assertThat(exposition.typeOf("dovecot_auth_success")).contains(MetricType.COUNTER);
        assertThat(exposition.typeOf("dovecot_auth_duration")).contains(MetricType.HISTOGRAM);
        assertThat(exposition.typeOf("dovecot_build")).contains(MetricType.INFO);
        assertThat(find(exposition, "dovecot_auth_success_total").value()).isEqualTo(finite("1"));
        assertThat(find(exposition, "dovecot_auth_passdb_request_count").value()).isEqualTo(finite("3"));
    }

    @Test
    void unescapesTheLabelValueDovecotEscaped() throws Exception {
        Exposition exposition = Samples.parse(Samples.DOVECOT, OPENMETRICS);

        List<String> users = exposition.samples().stream()
                .filter(s -> s.name().equals("dovecot_auth_failure_by_user_total"))
                .map(s -> s.labels().getFirst().value())
                .toList();
        assertThat(users).containsExactly("alice", "o\"neil\\x");
    }

    @Test
    void readsTheHistogramBucketsDovecotWrites() throws Exception {
        Exposition exposition = Samples.parse(Samples.DOVECOT, OPENMETRICS);

        List<String> bounds = exposition.samples().stream()
                .filter(s -> s.name().equals("dovecot_auth_duration_bucket"))
                .map(s -> s.labels().getFirst().name() + "=" + s.labels().getFirst().value())
                .toList();
        assertThat(bounds).containsExactly("le=0.000010", "le=0.000100", "le=0.001000", "le=0.010000",
                "le=0.100000", "le=+Inf");
    }

    @Test
    void readsOddButLegalPrometheusText() throws Exception {
        Exposition exposition = Samples.parse(Samples.PROMETHEUS_ODD, PROMETHEUS_TEXT);

        Sample spaced = exposition.samples().get(2);
        assertThat(spaced.labels()).containsExactly(new Label("method", "get"), new Label("code", "200"));
        assertThat(spaced.value()).isEqualTo(finite("12"));
        assertThat(find(exposition, "msdos_file_access_time_seconds").labels()).containsExactly(
                new Label("path", "C:\\DIR\\FILE.TXT"), new Label("error", "Cannot find file:\n\"FILE.TXT\""));
        Sample weird = find(exposition, "something_weird");
        assertThat(weird.value()).isEqualTo(new SampleValue.NonFinite(Double.POSITIVE_INFINITY));
        assertThat(weird.timestamp()).contains(new BigDecimal("-3982045"));
        assertThat(find(exposition, "job:request_rate:5m").labels()).isEmpty();
        assertThat(find(exposition, "nan_gauge").value()).isEqualTo(new SampleValue.NonFinite(Double.NaN));
        assertThat(find(exposition, "negative_infinity").value())
                .isEqualTo(new SampleValue.NonFinite(Double.NEGATIVE_INFINITY));
        assertThat(find(exposition, "big_counter_total").value()).isEqualTo(finite("18446744073709551615"));
        assertThat(find(exposition, "hex_value").value()).isEqualTo(finite("0.25"));
        assertThat(find(exposition, "rpc_duration_seconds_sum").value()).isEqualTo(finite("1.7560473e+07"));
        assertThat(find(exposition, "after_eof").value()).isEqualTo(finite("1"));
        assertThat(exposition.typeOf("rpc_duration_seconds")).contains(MetricType.SUMMARY);
    }

    @Test
    void readsOddButLegalOpenMetrics() throws Exception {
        Exposition exposition = Samples.parse(Samples.OPENMETRICS_ODD, OPENMETRICS);

        Sample withExemplar = exposition.samples().stream()
                .filter(s -> s.name().equals("foo_bucket") && s.labels().getFirst().value().equals("10"))
                .findFirst().orElseThrow();
        assertThat(withExemplar.value()).isEqualTo(finite("17"));
        assertThat(withExemplar.timestamp()).isEmpty();
        assertThat(find(exposition, "cpu_seconds_total").timestamp()).contains(new BigDecimal("1520879607.789"));
        assertThat(exposition.typeOf("door_state")).contains(MetricType.STATESET);
        assertThat(exposition.typeOf("kafka_lag")).contains(MetricType.GAUGEHISTOGRAM);
        assertThat(find(exposition, "kafka_lag_gcount").value()).isEqualTo(finite("42"));
        assertThat(exposition.samples()).hasSize(18);
    }

    @Test
    void acceptsCarriageReturnLineEnds() throws Exception {
        Exposition exposition = ExpositionParser.parse("# TYPE a counter\r\na_total 1\r\nb 2\r\n", PROMETHEUS_TEXT);

        assertThat(exposition.samples()).extracting(Sample::name).containsExactly("a_total", "b");
        assertThat(exposition.samples().get(1).lineNumber()).isEqualTo(3);
    }

    /** The format requires the final line feed; without it the last value may have been cut ("12" of "123"). */
    @Test
    void aPrometheusTextBodyWithoutItsFinalLineFeedIsCutShort() {
        assertThatThrownBy(() -> ExpositionParser.parse("a_total 1\nb 12", PROMETHEUS_TEXT))
                .isInstanceOf(MalformedExpositionException.class)
                .hasMessage("line 2: the last line of the Prometheus text body does not end with a line feed"
                        + " (was it cut short?): 'b 12'");
    }

    @Test
    void anEmptyPrometheusBodyHasNoSamples() throws Exception {
        assertThat(ExpositionParser.parse("", PROMETHEUS_TEXT).samples()).isEmpty();
    }

    @Test
    void skipsAMalformedLineSaysWhereAndWhyAndKeepsTheRest() throws Exception {
        Exposition exposition = ExpositionParser.parse("# TYPE a counter\na_total 1\nb{x=\"1\" 2\nc 3\n",
                PROMETHEUS_TEXT);

        assertThat(exposition.samples()).extracting(Sample::name).containsExactly("a_total", "c");
        assertThat(exposition.skipped()).singleElement().satisfies(problem -> {
            assertThat(problem.describe())
                    .isEqualTo("line 3: expected ',' or '}' after the value of label 'x' at column 9: 'b{x=\"1\" 2'");
            assertThat(problem.lineNumber()).isEqualTo(3);
            assertThat(problem.column()).isEqualTo(9);
        });
    }

    @Test
    void anOpenMetricsBodyCutShortIsMalformed() {
        assertThatThrownBy(() -> ExpositionParser.parse("a_total 1\nb 2\n", OPENMETRICS))
                .isInstanceOf(MalformedExpositionException.class)
                .hasMessage("line 3: the OpenMetrics body ends without '# EOF' (was it cut short?)");
    }

    @Test
    void nothingMayFollowTheOpenMetricsEof() {
        assertThatThrownBy(() -> ExpositionParser.parse("a 1\n# EOF\nb 2\n", OPENMETRICS))
                .isInstanceOf(MalformedExpositionException.class)
                .hasMessage("line 3: nothing may follow '# EOF': 'b 2'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            foo                    | expected a space, then a value after the name at column 4
            foo{a="b"}             | expected a space, then a value after the labels at column 11
            foo{a="b} 1            | the value of label 'a' is not closed with '"' at column 12
            foo{a=b} 1             | expected '"' to open the value of label 'a' at column 7
            foo{a 1                | expected '=' after label name 'a' at column 7
            foo{1a="b"} 1          | expected a label name or '}' at column 5
            foo{a="1",a="2"} 1     | label 'a' appears twice at column 16
            foo bar                | 'bar' is not a number, so it cannot be a value at column 5
            foo 1 12:00            | '12:00' is not a number, so it cannot be a timestamp at column 7
            1foo 1                 | a metric name must start with a letter, '_' or ':' (or be quoted inside '{') at column 1
            foo 1 2 3              | unexpected text after the value at column 9
            foo 1 # trace          | expected an exemplar's labels '{...}' after '#' at column 9
            foo 1 # {a="b"}        | expected a space, then an exemplar's value after its labels at column 16
            `# TYPE foo countr`    | unknown metric type 'countr' (expected counter, gauge, histogram, summary, untyped, unknown, gaugehistogram, stateset or info) at column 12
            `# HELP`               | '# HELP' must be followed by a metric name at column 7
            `# TYPE foo-bar gauge` | '# TYPE' must be followed by a metric name at column 11
            foo{a="C:\\temp"} 1     | invalid escape '\\t' in the value of label 'a' (only \\\\, \\" and \\n are allowed) at column 10
            foo{a="\\A"} 1          | invalid escape '\\A' in the value of label 'a' (only \\\\, \\" and \\n are allowed) at column 8
            foo{a="x\\              | the value of label 'a' is not closed with '"' at column 10
            `{"a\\Ab"} 1`           | invalid escape '\\A' in a quoted name (only \\\\, \\" and \\n are allowed) at column 4
            `{"a"="1", "b"} 1`     | the quoted metric name must come first inside '{' at column 11
            `foo{"bar"} 1`         | the sample already has a name before '{', so "bar" must be a label name followed by '=' at column 5
            `{a="1"} 1`            | a sample needs a metric name, before '{' or quoted first inside it at column 1
            `{""} 1`               | a quoted name is empty at column 2
            `foo{""="x"} 1`        | a quoted name is empty at column 5
            `# TYPE "a\\Ab" gauge` | invalid escape '\\A' in the metric name (only \\\\, \\" and \\n are allowed) at column 10
            """)
    void skipsAMalformedLineAfterTheFirst(String line, String problem) throws Exception {
        Exposition exposition = ExpositionParser.parse("ok 1\n" + line + "\nlast 2\n", PROMETHEUS_TEXT);

        assertThat(exposition.samples()).extracting(Sample::name).containsExactly("ok", "last");
        assertThat(exposition.skipped()).extracting(LineProblem::describe)
                .containsExactly("line 2: " + problem + ": '" + line + "'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `<!DOCTYPE html>`                 | a metric name must start with a letter, '_' or ':' (or be quoted inside '{') at column 1
            `{"error":"not found"}`           | expected ',' or '}' after the metric name at column 9
            `Internal Server Error`           | 'Server' is not a number, so it cannot be a value at column 10
            """)
    void aBodyWhoseFirstLineIsNoSampleOrCommentIsNoExposition(String first, String problem) {
        assertThatThrownBy(() -> ExpositionParser.parse("\n" + first + "\nok 1\n", PROMETHEUS_TEXT))
                .isInstanceOf(MalformedExpositionException.class)
                .hasMessage("line 2: " + problem + ": '" + first + "'"
                        + " (the first line is neither a comment nor a sample, so this is no exposition)");
    }

    @Test
    void readsQuotedUtf8NamesAsPrometheus3WritesThem() throws Exception {
        Exposition exposition = ExpositionParser.parse("""
                # HELP "pop3.logins" Logins by result.
                # TYPE "pop3.logins" counter
                {"pop3.logins", result="ok"} 3
                {"pop3.logins",result="fail","client.ip"="::1"} 1
                { "größe \\"x\\"\\n" } 2
                legacy_total{"with.dot"="v"} 4
                # UNIT "temp.celsius" celsius
                # EOF
                """, OPENMETRICS);

        assertThat(exposition.skipped()).isEmpty();
        assertThat(exposition.typeOf("pop3.logins")).contains(MetricType.COUNTER);
        assertThat(exposition.samples()).extracting(Sample::name)
                .containsExactly("pop3.logins", "pop3.logins", "größe \"x\"\n", "legacy_total");
        assertThat(exposition.samples().get(0).labels()).containsExactly(new Label("result", "ok"));
        assertThat(exposition.samples().get(1).labels())
                .containsExactly(new Label("result", "fail"), new Label("client.ip", "::1"));
        assertThat(exposition.samples().get(3).labels()).containsExactly(new Label("with.dot", "v"));
        assertThat(exposition.samples().get(0).value()).isEqualTo(finite("3"));
    }

    /**
     * Dovecot 2.3.19 writes a histogram bucket's name where a label belongs when a metric that
     * groups by a histogram stands before one that groups by a field (captured, see samples/README.md).
     */
    @Test
    void skipsTheLinesDovecotWritesWithTwoNamesAndKeepsTheRest() throws Exception {
        String body = Samples.text(Samples.DOVECOT_HISTOGRAM_GROUP_BY);
        Exposition exposition = ExpositionParser.parse(body, OPENMETRICS);

        List<String> bad = body.lines().filter(l -> l.contains("{\"duration_")).toList();
        assertThat(bad).isNotEmpty();
        assertThat(exposition.skipped()).extracting(LineProblem::line).containsExactlyElementsOf(bad);
        assertThat(exposition.skipped().getFirst().problem()).startsWith("the sample already has a name before '{'");
        long sampleLines = body.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        assertThat(exposition.samples()).hasSize((int) sampleLines - bad.size());
        assertThat(find(exposition, "dovecot_auth_success_total").value()).isEqualTo(finite("1"));
    }

    @Test
    void quotesOnlyTheStartOfAVeryLongLineAndEscapesControlCharacters() throws Exception {
        String line = "foo{a=\"\u001b[31m" + "x".repeat(500);

        Exposition exposition = ExpositionParser.parse("ok 1\n" + line + "\n", PROMETHEUS_TEXT);
        assertThat(exposition.skipped().getFirst().describe())
                .endsWith(": 'foo{a=\"\\u001b[31m" + "x".repeat(120 - 12) + "...'");
    }

    private static Sample find(Exposition exposition, String name) {
        Optional<Sample> sample = exposition.samples().stream().filter(s -> s.name().equals(name)).findFirst();
        assertThat(sample).as("sample " + name).isPresent();
        return sample.get();
    }

    private static SampleValue finite(String value) {
        return new SampleValue.Finite(new BigDecimal(value));
    }
}
