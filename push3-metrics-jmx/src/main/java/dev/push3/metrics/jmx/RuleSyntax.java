package dev.push3.metrics.jmx;

import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Reads rules written one to a line, three fields separated by blanks, then optionally the
 * metric's type, its unit and a help text:
 * <pre>
 * # ObjectName pattern                         attribute[.key]     metric name template               [type [unit=U] [help...]]
 * org.apache.james:type=server,name=pop3server  CurrentConnections  pop3.{name}.current_connections    gauge Sessions open now
 * java.lang:type=Memory                         HeapMemoryUsage.used jvm.memory.heap.used              gauge unit=bytes Heap in use
 * java.lang:type=GarbageCollector,name=*        CollectionCount     jvm.gc.{name}.collections
 * </pre>
 * Blank lines and lines starting with {@code #} are ignored. A template of {@code -} drops
 * the earlier rule for that pattern and attribute. Object names must not contain blanks
 * (write {@code ?} for a blank in a pattern). A rule without a type is
 * {@link MetricType#UNKNOWN}, as every rule was before types were added.
 */
final class RuleSyntax {
    private static final String DROP = "-";
    private static final String UNIT = "unit=";
    private static final Map<String, MetricType> TYPES = Map.of(
            "counter", MetricType.COUNTER, "gauge", MetricType.GAUGE, "unknown", MetricType.UNKNOWN);

    private RuleSyntax() {
    }

    /**
     * Parses rule lines.
     *
     * @param lines the text, one rule a line
     * @return the rules in order
     * @throws IllegalArgumentException naming the line number and what is wrong
     */
    static List<RuleLine> parse(List<String> lines) {
        List<RuleLine> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                rules.add(parseLine(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(rules);
    }

    /**
     * Parses rules that must all add (the built-in presets).
     *
     * @param text the rules, one a line
     * @return the rules
     */
    static List<MappingRule> parseRules(String text) {
        return RuleLine.applyAll(List.of(), parse(text.lines().toList()));
    }

    private static RuleLine parseLine(String line) {
        String[] fields = line.split("\\s+", 4);
        if (fields.length < 3) {
            throw new IllegalArgumentException("expected 3 fields (ObjectName-pattern attribute[.key] name-template),"
                    + " found " + fields.length);
        }
        ObjectName pattern = objectName(fields[0]);
        AttributePath attribute = AttributePath.parse(fields[1]);
        if (DROP.equals(fields[2])) {
            if (fields.length > 3) {
                throw new IllegalArgumentException("a rule that drops ('-') takes no type or help, found "
                        + fields.length + " fields where 3 were expected");
            }
            return new RuleLine.Drop(pattern, attribute);
        }
        NameTemplate template = new NameTemplate(fields[2]);
        checkPlaceholders(pattern, attribute, template);
        MetricInfo info = fields.length > 3 ? info(fields[3]) : MetricInfo.UNKNOWN;
        return new RuleLine.Add(new MappingRule(pattern, attribute, template, info));
    }

    /** Reads what follows the template: {@code type [unit=U] [help text to the end of the line]}. */
    private static MetricInfo info(String rest) {
        String[] typeAndRest = rest.split("\\s+", 2);
        MetricType type = TYPES.get(typeAndRest[0]);
        if (type == null) {
            throw new IllegalArgumentException("the 4th field is the metric's type, one of counter, gauge or unknown;"
                    + " was '" + typeAndRest[0] + "'");
        }
        String unit = "";
        String help = typeAndRest.length > 1 ? typeAndRest[1] : "";
        if (help.startsWith(UNIT)) {
            String[] unitAndHelp = help.split("\\s+", 2);
            unit = unitAndHelp[0].substring(UNIT.length());
            help = unitAndHelp.length > 1 ? unitAndHelp[1] : "";
        }
        return new MetricInfo(type, unit, help.strip());
    }

    /**
     * Writes a rule's type, unit and help as a rules file line ends with them.
     *
     * @param info the rule's info
     * @return for example {@code " gauge unit=bytes Heap in use"}; empty for {@link MetricInfo#UNKNOWN}
     */
    static String infoFields(MetricInfo info) {
        if (info.equals(MetricInfo.UNKNOWN)) {
            return "";
        }
        return " " + info.type().name().toLowerCase(Locale.ROOT) + (info.unit().isEmpty() ? "" : " " + UNIT + info.unit())
                + (info.help().isEmpty() ? "" : " " + info.help());
    }

    private static ObjectName objectName(String text) {
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ObjectName pattern: " + e.getMessage(), e);
        }
    }

    /** A placeholder that can never be filled would silently drop every metric of the rule. */
    private static void checkPlaceholders(ObjectName pattern, AttributePath attribute, NameTemplate template) {
        List<String> placeholders = template.placeholders();
        if (attribute.isAll() && !placeholders.contains(NameTemplate.ATTRIBUTE)) {
            throw new IllegalArgumentException("a rule for attribute '*' needs {attribute} in its name, or all"
                    + " attributes get the same name: '" + template + "'");
        }
        if (pattern.isPropertyListPattern()) {
            return;
        }
        Set<String> keys = pattern.getKeyPropertyList().keySet();
        for (String placeholder : placeholders) {
            if (!Set.of(NameTemplate.DOMAIN, NameTemplate.ATTRIBUTE).contains(placeholder)
                    && !keys.contains(placeholder)) {
                throw new IllegalArgumentException("{" + placeholder + "} is not a key property of " + pattern
                        + "; use one of " + new TreeSet<>(keys) + ", {domain} or {attribute}");
            }
        }
    }
}
