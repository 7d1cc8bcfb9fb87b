package dev.push3.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.metrics.MetricName;
import java.math.BigDecimal;
import java.util.Optional;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.Test;

class NameTemplateTest {

    @Test
    void fillsKeyPropertiesDomainAndSnakeCaseAttributeThenNormalises() throws Exception {
        ObjectName gc = new ObjectName("java.lang:type=GarbageCollector,name=G1 Young Generation");
        assertThat(new NameTemplate("jvm.gc.{name}.count").render(gc, AttributePath.parse("CollectionCount")))
                .contains(MetricName.of("jvm.gc.g1_young_generation.count"));
        assertThat(new NameTemplate("{domain}.{type}.{attribute}").render(gc, AttributePath.parse("HeapMemoryUsage.used")))
                .contains(MetricName.of("java.lang.garbagecollector.heap_memory_usage.used"));
        assertThat(new NameTemplate("x.{attribute}").render(gc, AttributePath.parse("GCThreadCount")))
                .contains(MetricName.of("x.gc_thread_count"));
    }

    @Test
    void unquotesQuotedValuesAndSkipsAMissingKeyProperty() throws Exception {
        ObjectName quoted = new ObjectName("app:type=Queue,name=\"in:bound\"");
        assertThat(new NameTemplate("queue.{name}").render(quoted, AttributePath.parse("Size")))
                .contains(MetricName.of("queue.in_bound"));
        assertThat(new NameTemplate("queue.{missing}").render(quoted, AttributePath.parse("Size"))).isEmpty();
    }

    @Test
    void ruleKeepsNumbersAndBooleansAndSkipsEverythingElse() throws Exception {
        MappingRule rule = new MappingRule(new ObjectName("a:type=b"), AttributePath.parse("V"), new NameTemplate("v"));
        ObjectName mbean = new ObjectName("a:type=b");
        AttributePath v = AttributePath.parse("V");
        assertThat(rule.apply(mbean, v, 7).map(MappingRule.Metric::value)).contains(BigDecimal.valueOf(7));
        assertThat(rule.apply(mbean, v, 0.25f).map(MappingRule.Metric::value)).contains(new BigDecimal("0.25"));
        assertThat(rule.apply(mbean, v, true).map(MappingRule.Metric::value)).contains(BigDecimal.ONE);
        assertThat(rule.apply(mbean, v, false).map(MappingRule.Metric::value)).contains(BigDecimal.ZERO);
        assertThat(rule.apply(mbean, v, Double.NaN)).isEmpty();
        assertThat(rule.apply(mbean, v, "12")).isEmpty();
        assertThat(rule.apply(mbean, v, new long[] {1})).isEmpty();
        assertThat(rule.apply(mbean, v, null)).isEmpty();
    }

    @Test
    void aCompositeKeySelectsOneItem() throws Exception {
        CompositeType type = new CompositeType("usage", "usage", new String[] {"used", "max"},
                new String[] {"used", "max"}, new OpenType<?>[] {SimpleType.LONG, SimpleType.LONG});
        Object usage = new CompositeDataSupport(type, new String[] {"used", "max"}, new Object[] {5L, 9L});
        assertThat(AttributePath.parse("HeapMemoryUsage.used").select(usage)).contains(5L);
        assertThat(AttributePath.parse("HeapMemoryUsage.committed").select(usage)).isEmpty();
        assertThat(AttributePath.parse("Plain.used").select(12L)).isEqualTo(Optional.empty());
    }
}
