/**
 * The in-process counters and gauges behind the {@code inprocess} metrics source.
 *
 * <p>Push3 counts its own connections, logins and bytes here. A Java POP3 server that
 * embeds push3-core registers its own counters and gauges in the same
 * {@link dev.push3.core.metrics.MetricRegistry}, and they appear in every
 * {@code METRICS} reply.
 */
@API(status = API.Status.STABLE, since = "0.1")
@NullMarked
package dev.push3.core.metrics;

import org.apiguardian.api.API;
import org.jspecify.annotations.NullMarked;
