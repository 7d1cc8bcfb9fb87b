package dev.push3.metrics.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamePatternTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            *                 | anything_at_all             | true
            dovecot_auth_*    | dovecot_auth_success_total  | true
            dovecot_auth_*    | dovecot_pop3_command_count  | false
            dovecot_auth_*    | dovecot_auth_               | true
            *_bucket          | dovecot_auth_duration_bucket| true
            *_bucket          | dovecot_auth_duration_sum   | false
            a?c               | abc                         | true
            a?c               | ac                          | false
            *auth*total       | dovecot_auth_failure_total  | true
            *auth*total       | dovecot_auth_failure_count  | false
            exact             | exact                       | true
            exact             | exactly                     | false
            job:*             | job:rate:5m                 | true
            """)
    void matchesWholeNames(String glob, String name, boolean matches) {
        assertThat(new NamePattern(glob).matches(name)).isEqualTo(matches);
    }
}
