package dev.push3.metrics.jmx;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.api.metrics.MetricsSourceProvider;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provides the metrics source {@code jmx}, which reads MBeans from the platform MBean
 * server or a remote JMX connector through mapping rules. Its settings are the
 * {@code metrics.jmx.*} keys described in {@code docs/CONFIGURATION.md}.
 */
public final class JmxSourceProvider implements MetricsSourceProvider {
    private static final Logger LOG = LoggerFactory.getLogger(JmxSourceProvider.class);

    /** Creates the provider; it does no work until {@link #create}. */
    public JmxSourceProvider() {
    }

    @Override
    public String name() {
        return "jmx";
    }

    @Override
    public Set<String> configKeys() {
        return JmxSettings.KEYS;
    }

    /** The rules file and the presets may change at run time; the agent's keys and the timeout need a restart. */
    @Override
    public Set<String> changeableConfigKeys() {
        return Set.of(JmxSettings.RULES, JmxSettings.PRESETS);
    }

    @Override
    public MetricsSource create(PluginConfig config) {
        JmxSettings settings = JmxSettings.from(config);
        LOG.info("JMX source reads {} with {} rules, timeout {}ms", settings.target().describe(),
                settings.rules().size(), settings.timeout().toMillis());
        MBeanServerAccess access = switch (settings.target()) {
            case JmxTarget.Platform platform -> new PlatformAccess();
            case JmxTarget.Remote remote -> new RemoteAccess(remote, settings.timeout(), tlsContext(remote));
        };
        return new JmxSource(settings.target(), access, new MBeanScraper(settings.rules()), settings.timeout());
    }

    /**
     * This source's own TLS context: the JVM's default one, or one that also trusts the
     * configured store. It is used only by this source ({@link TlsStubs}); the JVM's default
     * context, which other plugins use, is never changed.
     */
    private static Optional<SSLContext> tlsContext(JmxTarget.Remote remote) {
        if (remote.tls().isEmpty()) {
            return Optional.empty();
        }
        Optional<TrustStore> store = remote.tls().get().trustStore();
        if (store.isEmpty()) {
            return Optional.of(defaultContext());
        }
        LOG.info("{}: this source trusts the certificates in {} besides the JVM's default ones", TrustStore.KEY,
                store.get().path());
        return Optional.of(store.get().context());
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigException(JmxSettings.SSL, "the JVM has no default TLS context: " + e.getMessage(), e);
        }
    }
}
