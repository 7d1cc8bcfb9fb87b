package dev.push3.core.session;

import dev.push3.api.metrics.MetricInfo;
import dev.push3.core.metrics.Counter;
import dev.push3.core.metrics.MetricRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Push3's own counters, registered under {@code push3.} in the server's registry. LOGIN
 * outcomes are not here: {@link MeasuredAuthenticator} counts them, once.
 *
 * @param connectionsTotal connections accepted, refused ones included
 * @param connectionsRefused connections refused because {@code server.max-connections} or
 *     {@code server.max-connections-per-address} was reached
 * @param writeTimeouts sessions ended because a reply could not be written within {@code server.write-timeout}
 * @param commandsTotal request lines received, bad ones included
 * @param bytesIn octets received
 * @param bytesOut octets sent
 * @param connectionsCurrent sessions open now
 */
public record ServerCounters(
        Counter connectionsTotal,
        Counter connectionsRefused,
        Counter writeTimeouts,
        Counter commandsTotal,
        Counter bytesIn,
        Counter bytesOut,
        AtomicInteger connectionsCurrent) {

    /**
     * Registers the counters and the gauges {@code push3.connections.current} and
     * {@code push3.uptime.seconds}.
     *
     * @param registry where to register; not null
     * @param startedAt when the server started, for the uptime
     * @return the counters; never null
     */
    public static ServerCounters register(MetricRegistry registry, Instant startedAt) {
        AtomicInteger current = new AtomicInteger();
        registry.gauge("push3.connections.current", MetricInfo.gauge("Push3 sessions open now"), current::get);
        registry.gauge("push3.uptime.seconds", MetricInfo.gauge("Time since the Push3 server started").withUnit("seconds"),
                () -> Duration.between(startedAt, Instant.now()).toSeconds());
        return new ServerCounters(
                registry.counter("push3.connections.total", MetricInfo.counter("Connections accepted, refused ones included")),
                registry.counter("push3.connections.refused", MetricInfo.counter(
                        "Connections refused at server.max-connections or server.max-connections-per-address")),
                registry.counter("push3.connections.write_timeouts", MetricInfo.counter(
                        "Sessions ended because a reply was not written within server.write-timeout")),
                registry.counter("push3.commands.total", MetricInfo.counter("Request lines received, bad ones included")),
                registry.counter("push3.bytes.in", MetricInfo.counter("Octets received on Push3 connections").withUnit("bytes")),
                registry.counter("push3.bytes.out", MetricInfo.counter("Octets sent on Push3 connections").withUnit("bytes")),
                current);
    }
}
