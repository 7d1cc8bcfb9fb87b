package dev.push3.app.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.api.metrics.MetricsSourceProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderCatalogTest {

    /** A working provider, listed next to broken ones. */
    public static class GoodProvider implements MetricsSourceProvider {
        @Override
        public String name() {
            return "good";
        }

        @Override
        public MetricsSource create(PluginConfig config) {
            return MetricsSnapshot::empty;
        }
    }

    /** A provider whose constructor fails, as one with a missing dependency would. */
    public static final class FailingProvider implements MetricsSourceProvider {
        public FailingProvider() {
            throw new IllegalStateException("cannot start");
        }

        @Override
        public String name() {
            return "failing";
        }

        @Override
        public MetricsSource create(PluginConfig config) {
            throw new UnsupportedOperationException();
        }
    }

    @TempDir
    Path dir;

    private ProviderCatalog<MetricsSourceProvider> catalogListing(String... classNames) throws IOException {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(MetricsSourceProvider.class.getName()), String.join("\n", classNames) + "\n");
        // The classes come from the test's loader, the listing only from dir: the app's own
        // class path also lists the shipped plugins, which these tests do not count.
        ClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.startsWith("META-INF/services/") ? findResources(name) : super.getResources(name);
            }
        };
        return ProviderCatalog.metricsSources(loader);
    }

    @Test
    void brokenProvidersAreReportedAndTheOthersStillLoad() throws IOException {
        ProviderCatalog<MetricsSourceProvider> catalog = catalogListing(
                "no.such.Provider", FailingProvider.class.getName(), GoodProvider.class.getName());
        assertThat(catalog.names()).containsExactly("good");
        assertThat(catalog.problems()).hasSize(2);
        assertThat(catalog.problems().get(0)).contains("no.such.Provider");
        assertThat(catalog.problems().get(1)).contains("FailingProvider");
    }

    @Test
    void anUnknownNameListsWhatIsAvailable() throws IOException {
        ProviderCatalog<MetricsSourceProvider> catalog = catalogListing(GoodProvider.class.getName());
        assertThatThrownBy(() -> catalog.select("jmx", "metrics.sources"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.sources: no metrics source named 'jmx'; available: good."
                        + " Put the plugin's jar in plugins/ or choose an available one.");
    }

    @Test
    void twoProvidersWithOneNameAreBothListedAndCannotBeSelected() throws IOException {
        ProviderCatalog<MetricsSourceProvider> catalog = catalogListing(GoodProvider.class.getName(), GoodTwin.class.getName());
        assertThat(catalog.all()).extracting(ProviderCatalog.Found::name).containsExactly("good", "good");
        assertThatThrownBy(() -> catalog.select("good", "metrics.sources"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("metrics.sources: more than one metrics source is named 'good': ")
                .hasMessageEndingWith(". Remove one of the jars.");
    }

    @Test
    void aProviderWhoseNameBreaksTheRuleIsRefusedNamingItsOrigin() throws IOException {
        ProviderCatalog<MetricsSourceProvider> catalog = catalogListing(
                Hyphenated.class.getName(), Reserved.class.getName(), GoodProvider.class.getName());

        assertThat(catalog.names()).containsExactly("good");
        assertThat(catalog.problems()).containsExactly(
                "cannot load metrics source 'ldap-ad' from class path (" + origin() + "): the name is not a provider"
                        + " name (a lower-case letter, then lower-case letters and digits)",
                "cannot load metrics source 'inprocess' from class path (" + origin() + "): the name is reserved for"
                        + " Push3's built-in metrics source");
    }

    private static String origin() {
        return ProviderCatalogTest.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    }

    /** Named as the old documentation allowed, with a hyphen. */
    public static final class Hyphenated extends GoodProvider {
        @Override
        public String name() {
            return "ldap-ad";
        }
    }

    /** Named as the server's own source. */
    public static final class Reserved extends GoodProvider {
        @Override
        public String name() {
            return "inprocess";
        }
    }

    /** Another class claiming the name {@code good}. */
    public static final class GoodTwin extends GoodProvider {
    }
}
