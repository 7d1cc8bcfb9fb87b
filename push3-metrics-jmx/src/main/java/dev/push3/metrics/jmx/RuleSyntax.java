package dev.push3.metrics.jmx;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Reads rules written one to a line, three fields separated by blanks:
 * <pre>
 * # ObjectName pattern                         attribute[.key]     metric name template
 * org.apache.james:type=server,name=pop3server  CurrentConnections  pop3.{name}.current_connections
 * java.lang:type=Memory                         HeapMemoryUsage.used jvm.memory.heap.used
 * java.lang:type=GarbageCollector,name=*        CollectionCount     jvm.gc.{name}.collections
 * </pre>
 * Blank lines and lines starting with {@code #} are ignored. A template of {@code -} drops
 * the earlier rule for that pattern and attribute. Object names must not contain blanks
 * (write {@code ?} for a blank in a pattern).
 */
final class RuleSyntax {
    private static final String DROP = "-";

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
        String[] fields = line.split("\\s+");
        if (fields.length != 3) {
            throw new IllegalArgumentException("expected 3 fields (ObjectName-pattern attribute[.key] name-template),"
                    + " found " + fields.length + " in '" + line + "'");
        }
        ObjectName pattern = objectName(fields[0]);
        AttributePath attribute = AttributePath.parse(fields[1]);
        if (DROP.equals(fields[2])) {
            return new RuleLine.Drop(pattern, attribute);
        }
        NameTemplate template = new NameTemplate(fields[2]);
        checkPlaceholders(pattern, attribute, template);
        return new RuleLine.Add(new MappingRule(pattern, attribute, template));
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
