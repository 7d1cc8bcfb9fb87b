package dev.push3.app.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.testkit.IntegrationGate;
import dev.push3.testkit.RequiresProgram;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Monitoring Plugins range syntax, and its semantics compared with a real plugin's. */
class RangeTest {
    /** Debian's monitoring-plugins-basic: check_procs takes -w/-c ranges on a count we control. */
    private static final Path CHECK_PROCS = Path.of("/usr/lib/nagios/plugins/check_procs");
    private static final List<String> RANGES = List.of("10", "2", "3", "0", "3:", "4:", "~:3", "~:2", "2:4", "4:5", "1:2",
            "@2:4", "@3:3", "@4:5", "@~:2", "@3:", "@0:2", "~:");

    @Test
    void theGuidelinesExamples() {
        assertThat(alerts("10", "-1")).isTrue();
        assertThat(alerts("10", "0")).isFalse();
        assertThat(alerts("10", "10")).isFalse();
        assertThat(alerts("10", "10.5")).isTrue();
        assertThat(alerts("10:", "9.99")).isTrue();
        assertThat(alerts("10:", "1e6")).isFalse();
        assertThat(alerts("~:10", "-1e6")).isFalse();
        assertThat(alerts("~:10", "11")).isTrue();
        assertThat(alerts("10:20", "9")).isTrue();
        assertThat(alerts("10:20", "15")).isFalse();
        assertThat(alerts("10:20", "21")).isTrue();
        assertThat(alerts("@10:20", "10")).isTrue();
        assertThat(alerts("@10:20", "20")).isTrue();
        assertThat(alerts("@10:20", "9")).isFalse();
        assertThat(alerts("-5:-1", "-3")).isFalse();
        assertThat(alerts("0.5:1.5", "1.25")).isFalse();
    }

    @Test
    void malformedRangesAreRefusedWithTheSyntax() {
        for (String bad : List.of("", "@", "abc", "10:5", "1:2:3", "~", "@~", ":5", "10 ")) {
            assertThatThrownBy(() -> Range.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Range.parse("10:5")).hasMessage("'10:5': the start 10 is above the end 5");
    }

    @Test
    void perfdataLabelsAreQuotedWhenTheGuidelinesSaySo() {
        assertThat(Threshold.label("push3.connections.current")).isEqualTo("push3.connections.current");
        assertThat(Threshold.label("a b")).isEqualTo("'a b'");
        assertThat(Threshold.label("it's=1")).isEqualTo("'it''s=1'");
    }

    /**
     * Three processes with a unique argument: check_procs -c RANGE counts them (3) and says
     * CRITICAL exactly when our Range says the value 3 alerts, for every range form.
     */
    @Test
    @RequiresProgram(value = "/usr/lib/nagios/plugins/check_procs", hint = "apt-get install monitoring-plugins-basic")
    void everyFormAgreesWithCheckProcsOnTheSameValue() throws Exception {
        IntegrationGate.requireProgram(CHECK_PROCS.toString(), "apt-get install monitoring-plugins-basic");
        String marker = "1987.%d".formatted(ProcessHandle.current().pid());
        List<Process> sleepers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                sleepers.add(new ProcessBuilder("sleep", marker).start());
            }
            for (String range : RANGES) {
                Process peer = new ProcessBuilder(CHECK_PROCS.toString(), "-a", marker, "-c", range).redirectErrorStream(true).start();
                String line = new String(peer.getInputStream().readAllBytes());
                assertThat(peer.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(line).as(range).contains("3 process");
                assertThat(peer.exitValue() == 2).as("check_procs -c " + range + ": " + line.strip())
                        .isEqualTo(alerts(range, "3"));
            }
        } finally {
            sleepers.forEach(Process::destroy);
        }
    }

    private static boolean alerts(String range, String value) {
        return Range.parse(range).alerts(new BigDecimal(value));
    }

}
