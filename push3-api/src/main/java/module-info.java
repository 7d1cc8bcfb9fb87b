/**
 * The Push3 service provider interfaces.
 *
 * <p>A plugin module implements {@link dev.push3.api.auth.AuthenticatorProvider} or
 * {@link dev.push3.api.metrics.MetricsSourceProvider}, declares it with {@code provides}
 * (and in {@code META-INF/services} for class-path users) and exports nothing. The server
 * finds providers with {@link java.util.ServiceLoader} and selects them by
 * {@linkplain dev.push3.api.auth.AuthenticatorProvider#name() name}.
 *
 * <p>This module depends on {@code java.base} only. It loads no providers itself: the
 * server module does.
 */
module dev.push3.api {
    exports dev.push3.api;
    exports dev.push3.api.auth;
    exports dev.push3.api.metrics;
}
