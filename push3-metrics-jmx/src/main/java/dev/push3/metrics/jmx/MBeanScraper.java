package dev.push3.metrics.jmx;

import dev.push3.api.metrics.MetricsSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.management.Attribute;
import javax.management.InstanceNotFoundException;
import javax.management.IntrospectionException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the MBean attributes the rules name and turns them into a snapshot.
 *
 * <p>Rules are grouped by pattern so that each matching MBean costs one
 * {@code getAttributes} round trip, plus one {@code queryNames} per wildcard pattern (and
 * one {@code getMBeanInfo} per MBean for an attribute {@code *}). An MBean that vanishes
 * meanwhile, an attribute that is missing or unreadable, and a value that is not a number
 * are skipped; only a broken connection fails the collection. When two rules give a metric
 * the same name, the later rule wins.
 */
final class MBeanScraper {
    private static final Logger LOG = LoggerFactory.getLogger(MBeanScraper.class);

    private final Map<ObjectName, List<MappingRule>> rulesByPattern = new LinkedHashMap<>();

    /**
     * Prepares a scraper.
     *
     * @param rules the rules, in order
     */
    MBeanScraper(List<MappingRule> rules) {
        for (MappingRule rule : rules) {
            rulesByPattern.computeIfAbsent(rule.pattern(), p -> new ArrayList<>()).add(rule);
        }
    }

    /**
     * Reads every rule's attributes.
     *
     * @param server the MBean server
     * @return the metrics
     * @throws IOException when the connection fails
     */
    MetricsSnapshot scrape(MBeanServerConnection server) throws IOException {
        MetricsSnapshot.Builder snapshot = MetricsSnapshot.builder();
        for (Map.Entry<ObjectName, List<MappingRule>> group : rulesByPattern.entrySet()) {
            for (ObjectName mbean : matching(server, group.getKey())) {
                read(server, mbean, group.getValue(), snapshot);
            }
        }
        return snapshot.build();
    }

    /** A plain name needs no query: reading it directly saves a round trip. */
    private static SortedSet<ObjectName> matching(MBeanServerConnection server, ObjectName pattern) throws IOException {
        return pattern.isPattern() ? new TreeSet<>(server.queryNames(pattern, null)) : new TreeSet<>(Set.of(pattern));
    }

    private static void read(MBeanServerConnection server, ObjectName mbean, List<MappingRule> rules,
            MetricsSnapshot.Builder snapshot) throws IOException {
        try {
            Map<String, Object> values = values(server, mbean, attributeNames(server, mbean, rules));
            for (MappingRule rule : rules) {
                for (String attribute : rule.attribute().isAll() ? values.keySet() : Set.of(rule.attribute().attribute())) {
                    AttributePath read = rule.attribute().withAttribute(attribute);
                    rule.apply(mbean, read, values.get(attribute)).ifPresent(m -> snapshot.put(m.name(), m.value()));
                }
            }
        } catch (InstanceNotFoundException e) {
            LOG.trace("No MBean {}", mbean);
        } catch (JMException | RuntimeException e) {
            // A RuntimeException here comes from the agent (an MBean getter threw): skip the MBean.
            LOG.debug("Cannot read MBean {}: {}", mbean, e.toString());
        }
    }

    private static Set<String> attributeNames(MBeanServerConnection server, ObjectName mbean, List<MappingRule> rules)
            throws IOException, InstanceNotFoundException, IntrospectionException, ReflectionException {
        Set<String> names = new LinkedHashSet<>();
        for (MappingRule rule : rules) {
            if (!rule.attribute().isAll()) {
                names.add(rule.attribute().attribute());
            }
        }
        if (rules.stream().anyMatch(rule -> rule.attribute().isAll())) {
            for (MBeanAttributeInfo info : server.getMBeanInfo(mbean).getAttributes()) {
                if (info.isReadable()) {
                    names.add(info.getName());
                }
            }
        }
        return names;
    }

    /** Attributes that cannot be read are simply absent from getAttributes' answer. */
    private static Map<String, Object> values(MBeanServerConnection server, ObjectName mbean, Set<String> names)
            throws IOException, InstanceNotFoundException, ReflectionException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Attribute attribute : server.getAttributes(mbean, names.toArray(String[]::new)).asList()) {
            values.put(attribute.getName(), attribute.getValue());
        }
        return values;
    }
}
