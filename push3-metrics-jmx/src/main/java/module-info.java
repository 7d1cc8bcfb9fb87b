/**
 * The metrics source {@code jmx}: reads MBean attributes, such as Apache James' POP3 server
 * counters and the JVM's heap, threads and garbage collections, from the platform MBean
 * server or from a remote JMX connector ({@code service:jmx:rmi:///jndi/rmi://host:port/jmxrmi}),
 * and turns them into metrics through mapping rules.
 *
 * <p>This module exports nothing. It needs {@code jdk.naming.rmi} at run time for the
 * {@code rmi:} JNDI lookup of remote connector URLs, so it requires it to keep that module
 * in a linked run-time image.
 *
 * @provides dev.push3.api.metrics.MetricsSourceProvider the source named {@code jmx}
 */
module dev.push3.metrics.jmx {
    requires dev.push3.api;
    requires java.management;
    requires java.management.rmi;
    requires java.naming;
    requires java.rmi;
    requires jdk.naming.rmi;
    requires org.slf4j;

    provides dev.push3.api.metrics.MetricsSourceProvider with dev.push3.metrics.jmx.JmxSourceProvider;
}
