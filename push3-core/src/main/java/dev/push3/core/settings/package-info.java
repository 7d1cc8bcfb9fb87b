/**
 * The live settings: every configuration key the server knows, with its validation,
 * whether it may change while the server runs, whether it is secret, and the callback that
 * puts a change in force ({@link dev.push3.core.settings.SettingsRegistry}). {@code CONFIG}
 * and a reload (SIGHUP) change the server through it.
 *
 * <p>A Java POP3 server that embeds push3-core registers its own tunables here, as it
 * publishes its counters in {@link dev.push3.core.metrics.MetricRegistry}, so that
 * {@code CONFIG pop3.max-connections 200} changes the POP3 server itself.
 * {@link dev.push3.core.settings.ServerSettings} is the server's own group of keys.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
@NullMarked
package dev.push3.core.settings;

import org.apiguardian.api.API;
import org.jspecify.annotations.NullMarked;
