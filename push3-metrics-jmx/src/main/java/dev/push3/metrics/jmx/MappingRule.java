package dev.push3.metrics.jmx;

import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricName;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import javax.management.ObjectName;

/**
 * One mapping from MBean attributes to metrics: the MBeans whose name matches
 * {@code pattern}, their attribute {@code attribute}, named by {@code name}.
 *
 * @param pattern an object name or pattern ({@code java.lang:type=GarbageCollector,name=*})
 * @param attribute the attribute (and composite key) to read
 * @param name the metric name template
 * @param info the type, unit and help the rule states for its metrics; {@link MetricInfo#UNKNOWN} when it states none
 */
record MappingRule(ObjectName pattern, AttributePath attribute, NameTemplate name, MetricInfo info) {
    MappingRule {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(info, "info");
    }

    /** A rule that states no type, unit or help. */
    MappingRule(ObjectName pattern, AttributePath attribute, NameTemplate name) {
        this(pattern, attribute, name, MetricInfo.UNKNOWN);
    }

    /**
     * Tells whether this rule reads the same attribute of the same MBeans as another one,
     * which a rule in the rules file then replaces.
     */
    boolean sameSource(ObjectName otherPattern, AttributePath otherAttribute) {
        return pattern.equals(otherPattern) && attribute.equals(otherAttribute);
    }

    /**
     * Makes a metric of one attribute value.
     *
     * @param mbean the MBean that matched
     * @param read the attribute actually read (differs from {@link #attribute} for {@code *})
     * @param value the attribute's value; may be null
     * @return the metric; empty when the value is not numeric or no name can be made
     */
    Optional<Metric> apply(ObjectName mbean, AttributePath read, Object value) {
        Optional<BigDecimal> number = read.select(value).flatMap(NumericValue::of);
        if (number.isEmpty()) {
            return Optional.empty();
        }
        return name.render(mbean, read).map(n -> new Metric(n, number.get(), info));
    }

    /** Writes the rule in the rules-file syntax. */
    @Override
    public String toString() {
        return pattern + " " + attribute + " " + name + RuleSyntax.infoFields(info);
    }

    /**
     * A named value produced by a rule.
     *
     * @param name the metric name
     * @param value the value
     * @param info the rule's type, unit and help
     */
    record Metric(MetricName name, BigDecimal value, MetricInfo info) {
    }
}
