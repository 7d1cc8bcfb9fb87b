package dev.push3.metrics.jmx;

import dev.push3.api.metrics.MetricName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * The name a rule gives its metrics, such as {@code pop3.{name}.current_connections}.
 *
 * <p>A placeholder in braces is replaced by the matched MBean's key property of that name
 * ({@code {name}}, {@code {type}}, ...), by its domain ({@code {domain}}) or by the
 * attribute in snake case ({@code {attribute}}: {@code HeapMemoryUsage.used} becomes
 * {@code heap_memory_usage.used}). The result goes through {@link MetricName#normalize}.
 *
 * @param text the template as written
 */
record NameTemplate(String text) {
    static final String DOMAIN = "domain";
    static final String ATTRIBUTE = "attribute";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

    /**
     * Checks the braces.
     *
     * @throws IllegalArgumentException when a brace is unbalanced or a placeholder empty
     */
    NameTemplate {
        Objects.requireNonNull(text, "text");
        if (PLACEHOLDER.matcher(text).replaceAll("").matches(".*[{}].*")) {
            throw new IllegalArgumentException("unbalanced or empty {placeholder} in '" + text + "'");
        }
    }

    /** Returns the placeholders in order of appearance, without braces. */
    List<String> placeholders() {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Makes the metric name for one MBean attribute.
     *
     * @param mbean the MBean that matched the rule's pattern
     * @param attribute the attribute read
     * @return the name; empty when a key property is missing or nothing usable is left
     */
    Optional<MetricName> render(ObjectName mbean, AttributePath attribute) {
        StringBuilder out = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            Optional<String> value = valueOf(m.group(1), mbean, attribute);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value.get()));
        }
        m.appendTail(out);
        try {
            return Optional.of(MetricName.normalize(out.toString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> valueOf(String placeholder, ObjectName mbean, AttributePath attribute) {
        return switch (placeholder) {
            case DOMAIN -> Optional.of(mbean.getDomain());
            case ATTRIBUTE -> Optional.of(snakeCase(attribute.toString()));
            default -> Optional.ofNullable(mbean.getKeyProperty(placeholder)).map(NameTemplate::unquote);
        };
    }

    private static String unquote(String value) {
        return value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }

    /** {@code HeapMemoryUsage.used} to {@code heap_memory_usage.used}; {@code GCCount} to {@code gc_count}. */
    static String snakeCase(String camel) {
        return camel.replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
                .replaceAll("([a-z0-9])([A-Z])", "$1_$2");
    }

    @Override
    public String toString() {
        return text;
    }
}
