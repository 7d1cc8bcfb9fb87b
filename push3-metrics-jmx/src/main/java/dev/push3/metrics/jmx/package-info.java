/**
 * The JMX metrics source. Internal: only {@link dev.push3.metrics.jmx.JmxSourceProvider} is
 * public, and this package is not exported.
 */
package dev.push3.metrics.jmx;
