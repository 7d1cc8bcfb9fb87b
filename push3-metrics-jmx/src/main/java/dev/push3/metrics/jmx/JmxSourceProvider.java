package dev.push3.metrics.jmx;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.api.metrics.MetricsSourceProvider;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
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
     * The agent's connection objects carry the agent's choice of socket factory, and for
     * TLS that one ({@code SslRMIClientSocketFactory}) always uses the JVM's default TLS
     * context. A configured trust store can only take effect there, so it is installed as
     * the default, next to the certificates the JVM already trusts.
     */
    private static Optional<SSLContext> tlsContext(JmxTarget.Remote remote) {
        if (remote.tls().isEmpty()) {
            return Optional.empty();
        }
        Optional<TrustStore> store = remote.tls().get().trustStore();
        if (store.isEmpty()) {
            return Optional.of(defaultContext());
        }
        SSLContext context = store.get().context();
        SSLContext.setDefault(context);
        LOG.info("{}: the certificates in {} are now trusted by this JVM's default TLS context,"
                + " which JMX over RMI uses", TrustStore.KEY, store.get().path());
        return Optional.of(context);
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigException(JmxSettings.SSL, "the JVM has no default TLS context: " + e.getMessage(), e);
        }
    }
}
