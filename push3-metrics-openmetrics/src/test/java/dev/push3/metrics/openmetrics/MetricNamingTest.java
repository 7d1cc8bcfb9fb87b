package dev.push3.metrics.openmetrics;

import static dev.push3.metrics.openmetrics.ExpositionFormat.OPENMETRICS;
import static dev.push3.metrics.openmetrics.ExpositionFormat.PROMETHEUS_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricNamingTest {

    @Test
    void foldsTheIssuesExamples() throws Exception {
        Exposition exposition = ExpositionParser.parse("""
                # TYPE dovecot_pop3_command counter
                dovecot_pop3_command_count{cmd_name="RETR"} 7
                # TYPE dovecot_auth_success counter
                dovecot_auth_success_total 3
                """, PROMETHEUS_TEXT);

        assertThat(names(exposition)).containsExactly("dovecot.pop3.command.retr.count", "dovecot.auth.success.total");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            dovecot_auth_passdb_request_total{result="password_mismatch"}   | dovecot.auth.passdb.request.password_mismatch.total
            dovecot_auth_passdb_request_count                               | dovecot.auth.passdb.request.count
            dovecot_auth_passdb_request_duration_seconds_sum                | dovecot.auth.passdb.request.duration.seconds.sum
            dovecot_auth_duration_bucket{le="0.000010"}                     | dovecot.auth.duration.0_000010.bucket
            dovecot_auth_duration_bucket{le="+Inf"}                         | dovecot.auth.duration.inf.bucket
            dovecot_auth_failure_by_user_total{user="o\\"neil\\\\x"}         | dovecot.auth.failure.by.user.o_neil_x.total
            dovecot_build_info{version="2.3.19.1",revision="9b53102964"}    | dovecot.build.2_3_19_1.9b53102964.info
            process_start_time_seconds                                      | process.start.time.seconds
            """)
    void namesTheCapturedDovecotSamples(String sampleName, String expected) throws Exception {
        Exposition exposition = Samples.parse(Samples.DOVECOT, OPENMETRICS);
        String body = Samples.text(Samples.DOVECOT);
        int line = body.lines().toList().indexOf(body.lines()
                .filter(l -> l.startsWith(sampleName + " ")).findFirst().orElseThrow()) + 1;

        Sample sample = exposition.samples().stream().filter(s -> s.lineNumber() == line).findFirst().orElseThrow();
        assertThat(MetricNaming.nameOf(sample, exposition).value()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `job:request_rate:5m 1`                    | job.request.rate.5m
            `node_cpu_count{mode="Idle"} 1`            | node.cpu.idle.count
            `plain{a="",b="x y"} 1`                    | plain.x_y
            `double__underscore_ 1`                    | double.underscore
            `push3_logins_total 1`                     | openmetrics.push3.logins.total
            `push3 1`                                  | openmetrics.push3
            `openmetrics_up 1`                         | openmetrics.openmetrics.up
            `openmetrics_upper 1`                      | openmetrics.upper
            `openmetrics{x="skipped_samples"} 1`       | openmetrics.openmetrics.skipped_samples
            `{"openmetrics.skipped_samples"} 1`        | openmetrics.skipped.samples
            `{"pop3.logins", result="ok"} 1`           | pop3.logins.ok
            `_9lives 1`                                | m9lives
            """)
    void namesUntypedSamples(String line, String expected) throws Exception {
        Exposition exposition = ExpositionParser.parse(line + "\n", PROMETHEUS_TEXT);

        assertThat(names(exposition)).containsExactly(expected);
    }

    @Test
    void aDeclaredTypeDecidesWhereTheSuffixStarts() throws Exception {
        Exposition exposition = ExpositionParser.parse("""
                # TYPE requests_total gauge
                requests_total{code="200"} 1
                # TYPE jobs summary
                jobs_count{queue="mail"} 2
                jobs{queue="mail",quantile="0.5"} 3
                """, PROMETHEUS_TEXT);

        assertThat(names(exposition)).containsExactly("requests.total.200", "jobs.mail.count", "jobs.mail.0_5");
    }

    private static List<String> names(Exposition exposition) {
        return exposition.samples().stream().map(s -> MetricNaming.nameOf(s, exposition).value()).toList();
    }
}
