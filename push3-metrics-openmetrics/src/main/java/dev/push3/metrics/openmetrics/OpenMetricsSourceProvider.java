package dev.push3.metrics.openmetrics;

import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.api.metrics.MetricsSourceProvider;
import java.time.InstantSource;
import java.util.Set;

/**
 * The {@code openmetrics} metrics source: reads an HTTP endpoint that speaks the
 * Prometheus/OpenMetrics text format, such as Dovecot's {@code service stats} listener.
 *
 * <p>Keys: {@code metrics.openmetrics.url} (required), {@code .timeout} (default 2s),
 * {@code .min-interval} (default 5s), {@code .preset} ({@code none} or {@code dovecot}),
 * {@code .include} and {@code .exclude}; see docs/CONFIGURATION.md.
 */
public final class OpenMetricsSourceProvider implements MetricsSourceProvider {
    /** The name users select this source by, and the prefix of its keys. */
    public static final String NAME = "openmetrics";

    /** Creates the provider; does no work. */
    public OpenMetricsSourceProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Creates the source. Does not contact the endpoint: an endpoint that is down at start-up
     * shows as {@code openmetrics.up=0} later.
     *
     * @throws dev.push3.api.ConfigException when a {@code metrics.openmetrics.*} key is missing or wrong
     */
    @Override
    public Set<String> configKeys() {
        return OpenMetricsSettings.KEYS;
    }

    /**
     * {@code min-interval}, {@code preset}, {@code include} and {@code exclude} may change at
     * run time; the URL and the timeout need a restart.
     */
    @Override
    public Set<String> changeableConfigKeys() {
        return OpenMetricsSettings.CHANGEABLE;
    }

    @Override
    public MetricsSource create(PluginConfig config) {
        return new OpenMetricsSource(OpenMetricsSettings.from(config), InstantSource.system());
    }
}
