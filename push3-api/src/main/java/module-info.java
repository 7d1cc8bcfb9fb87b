/**
 * The Push3 service provider interfaces.
 *
 * <p>A plugin module implements {@link dev.push3.api.auth.AuthenticatorProvider} or
 * {@link dev.push3.api.metrics.MetricsSourceProvider}, declares it with {@code provides}
 * (and in {@code META-INF/services} for class-path users) and exports nothing. The server
 * finds providers with {@link java.util.ServiceLoader} and selects them by
 * {@linkplain dev.push3.api.auth.AuthenticatorProvider#name() name}.
 *
 * <p>{@link dev.push3.api.support} is help for implementers that talk to a network peer (a
 * bounded line reader, the loading of trust files), as JUnit's {@code support} packages are;
 * Push3's own server and client use it too. It is not part of the SPI (a plugin need not use
 * it), but it is maintained API, as its package says.
 *
 * <p>This module depends on {@code java.base} only at run time. It loads no providers
 * itself: the server module does. Its packages are marked with their API status
 * ({@code @API}, as JUnit marks its own) and are null-marked (JSpecify {@code @NullMarked}:
 * nothing is null unless it says {@code @Nullable}); those annotations are needed to compile
 * against the API, never to run it.
 */
module dev.push3.api {
    requires static org.apiguardian.api;
    requires static org.jspecify;

    exports dev.push3.api;
    exports dev.push3.api.auth;
    exports dev.push3.api.metrics;
    exports dev.push3.api.support;
}
