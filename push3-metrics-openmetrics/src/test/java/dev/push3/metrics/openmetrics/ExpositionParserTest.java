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
    void acceptsCarriageReturnLineEndsAndNoFinalNewline() throws Exception {
        Exposition exposition = ExpositionParser.parse("# TYPE a counter\r\na_total 1\r\nb 2", PROMETHEUS_TEXT);

        assertThat(exposition.samples()).extracting(Sample::name).containsExactly("a_total", "b");
        assertThat(exposition.samples().get(1).lineNumber()).isEqualTo(3);
    }

    @Test
    void keepsAnUnknownEscapeAsWritten() throws Exception {
        Exposition exposition = ExpositionParser.parse("a{p=\"C:\\temp\"} 1\n", PROMETHEUS_TEXT);

        assertThat(exposition.samples().getFirst().labels()).containsExactly(new Label("p", "C:\\temp"));
    }

    @Test
    void anEmptyPrometheusBodyHasNoSamples() throws Exception {
        assertThat(ExpositionParser.parse("", PROMETHEUS_TEXT).samples()).isEmpty();
    }

    @Test
    void saysWhichLineIsMalformedAndWhy() {
        String body = "# TYPE a counter\na_total 1\nb{x=\"1\" 2\n";

        assertThatThrownBy(() -> ExpositionParser.parse(body, PROMETHEUS_TEXT))
                .isInstanceOf(MalformedExpositionException.class)
                .hasMessage("line 3: expected ',' or '}' after the value of label 'x' at column 9: 'b{x=\"1\" 2'")
                .satisfies(e -> assertThat(((MalformedExpositionException) e).lineNumber()).isEqualTo(3));
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
            foo bar                | 'bar' is not a number, so it cannot be a value at column 8
            foo 1 12:00            | '12:00' is not a number, so it cannot be a timestamp at column 12
            1foo 1                 | a metric name must start with a letter, '_' or ':' at column 1
            foo 1 2 3              | unexpected text after the value at column 9
            foo 1 # trace          | expected an exemplar's labels '{...}' after '#' at column 9
            foo 1 # {a="b"}        | expected a space, then an exemplar's value after its labels at column 16
            `# TYPE foo countr`    | unknown metric type 'countr' (expected counter, gauge, histogram, summary, untyped, unknown, gaugehistogram, stateset or info)
            `# HELP`               | '# HELP' must be followed by a metric name
            """)
    void rejectsMalformedLines(String line, String problem) {
        assertThatThrownBy(() -> ExpositionParser.parse("ok 1\n" + line + "\n", PROMETHEUS_TEXT))
                .isInstanceOf(MalformedExpositionException.class)
                .hasMessage("line 2: " + problem + ": '" + line + "'");
    }

    @Test
    void quotesOnlyTheStartOfAVeryLongLine() {
        String line = "foo{a=\"" + "x".repeat(500);

        assertThatThrownBy(() -> ExpositionParser.parse(line, PROMETHEUS_TEXT))
                .hasMessageEndingWith(": '" + line.substring(0, 120) + "...'");
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
