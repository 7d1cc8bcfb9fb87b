package dev.push3.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricType;
import java.util.List;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class RuleSyntaxTest {

    @Test
    void parsesPatternAttributeAndTemplateSkippingCommentsAndBlankLines() throws Exception {
        List<RuleLine> lines = RuleSyntax.parse(List.of(
                "# James",
                "",
                "  org.apache.james:type=server,name=*   CurrentConnections   pop3.{name}.current  ",
                "java.lang:type=Memory\tHeapMemoryUsage.used\tjvm.heap"));

        assertThat(lines).containsExactly(
                new RuleLine.Add(new MappingRule(new ObjectName("org.apache.james:type=server,name=*"),
                        AttributePath.parse("CurrentConnections"), new NameTemplate("pop3.{name}.current"))),
                new RuleLine.Add(new MappingRule(new ObjectName("java.lang:type=Memory"),
                        new AttributePath("HeapMemoryUsage", java.util.Optional.of("used")), new NameTemplate("jvm.heap"))));
    }

    @Test
    void aFileRuleReplacesThePresetRuleForTheSamePatternAndAttributeAndDashDropsOne() {
        List<MappingRule> rules = RuleLine.applyAll(Preset.JAMES_POP3.rules(), RuleSyntax.parse(List.of(
                "org.apache.james:name=pop3server,type=server CurrentConnections james.pop3.connections",
                "org.apache.james:type=server,name=pop3server HandledConnections -",
                "org.apache.james:type=server,name=imapserver CurrentConnections imap.{name}.current_connections")));

        assertThat(rules).extracting(MappingRule::toString).containsExactly(
                "org.apache.james:type=server,name=pop3server MaximumConcurrentConnections"
                        + " pop3.{name}.maximum_concurrent_connections gauge Most sessions the POP3 listener allows at once",
                // The same ObjectName with its keys in another order still replaces the preset's rule.
                "org.apache.james:name=pop3server,type=server CurrentConnections james.pop3.connections",
                "org.apache.james:type=server,name=imapserver CurrentConnections imap.{name}.current_connections");
    }

    @Test
    void errorsNameTheLineAndTheProblem() {
        assertThatThrownBy(() -> RuleSyntax.parse(List.of("# x", "java.lang:type=Memory HeapMemoryUsage.used")))
                .hasMessage("line 2: expected 3 fields (ObjectName-pattern attribute[.key] name-template),"
                        + " found 2");
        assertThatThrownBy(() -> RuleSyntax.parse(List.of("java.lang Uptime jvm.uptime")))
                .hasMessage("line 1: 'java.lang' is not an ObjectName pattern: Key properties cannot be empty");
        assertThatThrownBy(() -> RuleSyntax.parse(List.of("java.lang:type=Memory Uptime jvm.{nme}")))
                .hasMessage("line 1: {nme} is not a key property of java.lang:type=Memory;"
                        + " use one of [type], {domain} or {attribute}");
        assertThatThrownBy(() -> RuleSyntax.parse(List.of("java.lang:type=Memory * jvm.memory")))
                .hasMessage("line 1: a rule for attribute '*' needs {attribute} in its name, or all attributes get"
                        + " the same name: 'jvm.memory'");
        assertThatThrownBy(() -> RuleSyntax.parse(List.of("java.lang:type=Memory Uptime jvm.{type")))
                .hasMessage("line 1: unbalanced or empty {placeholder} in 'jvm.{type'");
        assertThatThrownBy(() -> RuleSyntax.parse(List.of("java.lang:type=Memory Heap. jvm.heap")))
                .hasMessage("line 1: attribute and key must not be empty");
    }

    @Test
    void aRuleMayStateTypeUnitAndHelpAfterItsName() {
        List<RuleLine> lines = RuleSyntax.parse(List.of(
                "java.lang:type=Memory HeapMemoryUsage.used jvm.heap gauge unit=bytes Heap  in use, \"now\"",
                "java.lang:type=GarbageCollector,name=* CollectionCount jvm.gc.{name} counter",
                "java.lang:type=Threading ThreadCount jvm.threads unknown unit=threads",
                "java.lang:type=Runtime Uptime jvm.uptime"));

        assertThat(lines).extracting(line -> ((RuleLine.Add) line).rule().info()).containsExactly(
                new MetricInfo(MetricType.GAUGE, "bytes", "Heap  in use, \"now\""),
                MetricInfo.counter(""),
                new MetricInfo(MetricType.UNKNOWN, "threads", ""),
                MetricInfo.UNKNOWN);
        assertThat(lines.getFirst()).extracting(line -> ((RuleLine.Add) line).rule().toString())
                .isEqualTo("java.lang:type=Memory HeapMemoryUsage.used jvm.heap gauge unit=bytes Heap  in use, \"now\"");
    }

    @Test
    void typeErrorsNameTheLineAndTheProblem() {
        assertThatThrownBy(() -> RuleSyntax.parse(List.of("java.lang:type=Memory Uptime jvm.uptime Gauge")))
                .hasMessage("line 1: the 4th field is the metric's type, one of counter, gauge or unknown; was 'Gauge'");
        assertThatThrownBy(() -> RuleSyntax.parse(List.of("java.lang:type=Memory Uptime jvm.uptime gauge unit=Ms")))
                .hasMessage("line 1: metric unit must match [a-z][a-z0-9_]*, was 'Ms'");
        assertThatThrownBy(() -> RuleSyntax.parse(List.of("java.lang:type=Memory Uptime - gauge")))
                .hasMessage("line 1: a rule that drops ('-') takes no type or help, found 4 fields where 3 were expected");
    }

    @Test
    void aPropertyListPatternAcceptsAnyPlaceholder() {
        assertThat(RuleSyntax.parse(List.of("java.lang:type=GarbageCollector,* CollectionCount jvm.gc.{name}")))
                .hasSize(1);
    }

    @Test
    void bothPresetsParse() {
        assertThat(Preset.JAMES_POP3.rules()).hasSize(3);
        assertThat(Preset.JVM.rules()).extracting(r -> r.pattern().getDomain()).containsOnly("java.lang");
    }
}
