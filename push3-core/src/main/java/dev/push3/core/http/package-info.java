/**
 * The Prometheus endpoint: {@code GET /metrics} over HTTP or HTTPS, behind HTTP basic
 * authentication against the server's authenticator. Internal to push3-core; configured by
 * {@link dev.push3.core.settings.HttpSettings} and started by
 * {@link dev.push3.core.server.Push3Server}. Exported only to the application, for
 * {@link dev.push3.core.http.SlowClientLimits}, which its {@code push3 exporter} shares.
 */
@NullMarked
package dev.push3.core.http;

import org.jspecify.annotations.NullMarked;
