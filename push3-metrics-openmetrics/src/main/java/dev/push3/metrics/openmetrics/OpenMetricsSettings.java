package dev.push3.metrics.openmetrics;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The settings of the {@code openmetrics} source, read from the {@code metrics.openmetrics.*} keys.
 *
 * @param url the endpoint, http or https, without user or password
 * @param timeout how long one scrape may take, connecting included; more than zero
 * @param minInterval how long a scrape's result is reused; zero scrapes for every request
 * @param filter which samples to keep
 */
record OpenMetricsSettings(URI url, Duration timeout, Duration minInterval, SampleFilter filter) {
    static final String PREFIX = "metrics.openmetrics.";
    static final String URL = PREFIX + "url";
    static final String TIMEOUT = PREFIX + "timeout";
    static final String MIN_INTERVAL = PREFIX + "min-interval";
    static final String PRESET = PREFIX + "preset";
    static final String INCLUDE = PREFIX + "include";
    static final String EXCLUDE = PREFIX + "exclude";
    /** Every key this plugin reads, as its provider declares them. */
    static final Set<String> KEYS = Set.of(URL, TIMEOUT, MIN_INTERVAL, PRESET, INCLUDE, EXCLUDE);
    /** The keys that may change at run time ({@link OpenMetricsSource#reconfigure}); the URL and the timeout need a restart. */
    static final Set<String> CHANGEABLE = Set.of(MIN_INTERVAL, PRESET, INCLUDE, EXCLUDE);

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(5);

    OpenMetricsSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(minInterval, "minInterval");
        Objects.requireNonNull(filter, "filter");
    }

    /**
     * Reads and checks the settings.
     *
     * @param config all keys
     * @return the settings
     * @throws ConfigException naming the first key that is missing or wrong
     */
    static OpenMetricsSettings from(PluginConfig config) {
        URI url = url(config.require(URL));
        Duration timeout = config.duration(TIMEOUT, DEFAULT_TIMEOUT);
        if (timeout.isZero()) {
            throw new ConfigException(TIMEOUT, "must be more than 0s, for example 2s");
        }
        Duration minInterval = config.duration(MIN_INTERVAL, DEFAULT_MIN_INTERVAL);
        Preset preset = Preset.valueOf(config.choice(PRESET, "none", "none", "dovecot").toUpperCase(Locale.ROOT));
        List<NamePattern> include = patterns(config, INCLUDE, preset.include());
        List<NamePattern> exclude = patterns(config, EXCLUDE, preset.exclude());
        return new OpenMetricsSettings(url, timeout, minInterval, new SampleFilter(include, exclude));
    }

    private static List<NamePattern> patterns(PluginConfig config, String key, List<String> preset) {
        List<String> written = config.list(key);
        return (written.isEmpty() ? preset : written).stream().map(glob -> NamePattern.of(key, glob)).toList();
    }

    /** Accepts http and https URLs with a host; never repeats a URL that carries a password. */
    private static URI url(String raw) {
        URI url;
        try {
            url = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ConfigException(URL, "is not a URL (" + e.getReason() + "); write it like"
                    + " http://127.0.0.1:9900/metrics");
        }
        if (url.getRawUserInfo() != null) {
            throw new ConfigException(URL, "must not contain a user or password; the endpoint is read without"
                    + " authentication, so keep it on a loopback or private address");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException(URL, "must be an http:// or https:// URL such as"
                    + " http://127.0.0.1:9900/metrics, was '" + raw + "'");
        }
        if (url.getHost() == null) {
            throw new ConfigException(URL, "has no host; write it like http://127.0.0.1:9900/metrics, was '"
                    + raw + "'");
        }
        return url;
    }
}
