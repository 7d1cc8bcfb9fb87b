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
import java.rmi.UnmarshalException;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.IntrospectionException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
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
 *
 * <p>An attribute whose value cannot travel to this JVM (its class is not serializable, such
 * as {@code Optional}, or is not known here, such as an application server's own class) makes
 * the agent's {@code getAttributes} answer unreadable as a whole. Then that MBean's attributes
 * are read one by one: the faulty one is logged at WARN, naming MBean and attribute, and left
 * out of later bulk reads for as long as the source runs, so it costs one extra round trip
 * once, not on every collection; the connection is kept. Safe for one collection at a time
 * plus abandoned ones (see {@link MBeanServerAccess}).
 */
final class MBeanScraper {
    private static final Logger LOG = LoggerFactory.getLogger(MBeanScraper.class);
    /** Faulty attributes remembered; beyond this many (MBeans that come and go) they are found again each time. */
    private static final int MAX_UNTRANSFERABLE = 1024;

    private final Map<ObjectName, List<MappingRule>> rulesByPattern = new LinkedHashMap<>();
    private final Set<Attribute> untransferable = ConcurrentHashMap.newKeySet();

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

    private void read(MBeanServerConnection server, ObjectName mbean, List<MappingRule> rules,
            MetricsSnapshot.Builder snapshot) throws IOException {
        try {
            Set<String> names = attributeNames(server, mbean, rules);
            names.removeIf(name -> untransferable.contains(new Attribute(mbean, name)));
            Map<String, Object> values = values(server, mbean, names);
            for (MappingRule rule : rules) {
                for (String attribute : rule.attribute().isAll() ? values.keySet() : Set.of(rule.attribute().attribute())) {
                    AttributePath read = rule.attribute().withAttribute(attribute);
                    rule.apply(mbean, read, values.get(attribute)).ifPresent(m -> snapshot.put(m.name(), m.value(), m.info()));
                }
            }
        } catch (InstanceNotFoundException e) {
            LOG.trace("No MBean {}", mbean);
        } catch (UnmarshalException e) {
            // getMBeanInfo's answer itself did not travel: skip the MBean, keep the connection.
            String why = Untransferable.reason(e).orElseThrow(() -> e);
            LOG.debug("Cannot read MBean {}: {}", mbean, why);
        } catch (JMException | RuntimeException e) {
            // A RuntimeException here comes from the agent (an MBean getter threw): skip the MBean.
            LOG.debug("Cannot read MBean {}: {}", mbean, OneLine.of(e));
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

    /**
     * Attributes whose getter fails are simply absent from getAttributes' answer; one whose
     * value cannot travel spoils the whole answer, so then each is read on its own.
     */
    private Map<String, Object> values(MBeanServerConnection server, ObjectName mbean, Set<String> names)
            throws IOException, InstanceNotFoundException, ReflectionException {
        try {
            Map<String, Object> values = new LinkedHashMap<>();
            for (javax.management.Attribute attribute : server.getAttributes(mbean, names.toArray(String[]::new)).asList()) {
                values.put(attribute.getName(), attribute.getValue());
            }
            return values;
        } catch (UnmarshalException e) {
            if (Untransferable.reason(e).isEmpty()) {
                throw e; // the connection broke mid-answer
            }
            return oneByOne(server, mbean, names);
        }
    }

    private Map<String, Object> oneByOne(MBeanServerConnection server, ObjectName mbean, Set<String> names)
            throws IOException, InstanceNotFoundException, ReflectionException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : names) {
            try {
                values.put(name, server.getAttribute(mbean, name));
            } catch (UnmarshalException e) {
                String why = Untransferable.reason(e).orElseThrow(() -> e);
                skip(new Attribute(mbean, name), why);
            } catch (AttributeNotFoundException | MBeanException | RuntimeException e) {
                LOG.debug("Cannot read attribute {} of MBean {}: {}", name, mbean, OneLine.of(e));
            }
        }
        return values;
    }

    private void skip(Attribute attribute, String why) {
        if (untransferable.size() < MAX_UNTRANSFERABLE && untransferable.add(attribute)) {
            LOG.warn("JMX attribute {} of MBean {} cannot be read, so it is skipped from now on: {}",
                    attribute.name(), attribute.mbean(), why);
        } else {
            LOG.debug("JMX attribute {} of MBean {} cannot be read: {}", attribute.name(), attribute.mbean(), why);
        }
    }

    /**
     * One attribute of one MBean.
     *
     * @param mbean the MBean
     * @param name the attribute's name
     */
    private record Attribute(ObjectName mbean, String name) {
    }
}
