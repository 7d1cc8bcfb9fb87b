package dev.push3.metrics.jmx;

import dev.push3.api.ConfigException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Built-in rule sets, chosen by name in {@code metrics.jmx.presets}; written in the rules-file syntax. */
enum Preset {
    /** Apache James' POP3 server MBean ({@code ServerMBean}). */
    JAMES_POP3("james-pop3", """
            org.apache.james:type=server,name=pop3server  CurrentConnections            pop3.{name}.current_connections             gauge Sessions open now on the POP3 listener
            org.apache.james:type=server,name=pop3server  HandledConnections            pop3.{name}.handled_connections             counter Connections the POP3 listener handled
            org.apache.james:type=server,name=pop3server  MaximumConcurrentConnections  pop3.{name}.maximum_concurrent_connections  gauge Most sessions the POP3 listener allows at once
            """),
    /** The JVM's heap, threads, garbage collections and uptime. */
    JVM("jvm", """
            java.lang:type=Memory                   HeapMemoryUsage.used       jvm.memory.heap.used       gauge unit=bytes Heap in use
            java.lang:type=Memory                   HeapMemoryUsage.committed  jvm.memory.heap.committed  gauge unit=bytes Heap committed by the JVM
            java.lang:type=Memory                   HeapMemoryUsage.max        jvm.memory.heap.max        gauge unit=bytes Largest heap the JVM may use
            java.lang:type=Threading                ThreadCount                jvm.threads.current        gauge Live threads
            java.lang:type=Threading                DaemonThreadCount          jvm.threads.daemon         gauge Live daemon threads
            java.lang:type=Threading                PeakThreadCount            jvm.threads.peak           gauge Most live threads since the JVM started
            java.lang:type=GarbageCollector,name=*  CollectionCount            jvm.gc.{name}.collections  counter Collections by this garbage collector
            java.lang:type=GarbageCollector,name=*  CollectionTime             jvm.gc.{name}.time_ms      counter Time spent in this garbage collector, in milliseconds
            java.lang:type=Runtime                  Uptime                     jvm.uptime_ms              gauge Time since the JVM started, in milliseconds
            """);

    /** The word that selects no preset. */
    static final String NONE = "none";

    private final String id;
    private final List<MappingRule> rules;

    Preset(String id, String rules) {
        this.id = id;
        this.rules = RuleSyntax.parseRules(rules);
    }

    /** Returns the name users write in {@code metrics.jmx.presets}. */
    String id() {
        return id;
    }

    /** Returns the preset's rules. */
    List<MappingRule> rules() {
        return rules;
    }

    /**
     * Finds a preset by name.
     *
     * @param key the setting, for the error message
     * @param id the name as written, any case
     * @return the preset
     * @throws ConfigException naming the available presets
     */
    static Preset named(String key, String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new ConfigException(key, "unknown preset '" + id + "'; available: "
                        + Arrays.stream(values()).map(Preset::id).collect(Collectors.joining(", "))
                        + " (or " + NONE + ")"));
    }
}
