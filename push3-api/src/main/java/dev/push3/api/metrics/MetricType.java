package dev.push3.api.metrics;

import org.apiguardian.api.API;

/**
 * What kind of number a metric is, in Prometheus' and OpenMetrics' terms.
 *
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public enum MetricType {
    /** Only goes up (or resets to zero when its process restarts): a number of events, octets, seconds spent. */
    COUNTER,
    /** Goes up and down: a number in use now, a size, a temperature. */
    GAUGE,
    /** The source cannot tell, for example a JMX attribute without a rule stating its type. */
    UNKNOWN
}
