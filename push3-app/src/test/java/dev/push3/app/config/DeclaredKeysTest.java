package dev.push3.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.app.plugins.ProviderCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The keys each shipped plugin declares are exactly the keys docs/CONFIGURATION.md documents
 * for it, so that a key added to a plugin cannot be refused at start-up as unknown, and a
 * documented key cannot be refused as a typo.
 */
class DeclaredKeysTest {
    /** A key in the first column of a table row of the configuration reference. */
    /** The worked example of docs/PLUGINS.md, on the test class path but not in the image. */
    private static final String EXAMPLE = "static";
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyShippedPluginDeclaresTheKeysItsDocumentationLists() throws IOException {
        String docs = Files.readString(Path.of("../docs/CONFIGURATION.md"));
        ClassLoader loader = getClass().getClassLoader();
        int checked = 0;
        for (ProviderCatalog.Found<?> found : ProviderCatalog.authenticators(loader).all()) {
            if (found.name().equals(EXAMPLE)) {
                continue; // not shipped: documented in docs/PLUGINS.md, which shows its declaration
            }
            checked += check(docs, "auth." + found.name() + ".",
                    ((dev.push3.api.auth.AuthenticatorProvider) found.provider()).configKeys());
        }
        for (ProviderCatalog.Found<?> found : ProviderCatalog.metricsSources(loader).all()) {
            checked += check(docs, "metrics." + found.name() + ".",
                    ((dev.push3.api.metrics.MetricsSourceProvider) found.provider()).configKeys());
        }
        assertThat(checked).as("plugins that declare keys").isPositive();
    }

    private static int check(String docs, String prefix, Set<String> declared) {
        if (declared.isEmpty() && !documented(docs, prefix).isEmpty()) {
            return 0; // not declared yet: not checked at start-up either
        }
        assertThat(new TreeSet<>(declared)).as("keys declared under " + prefix).isEqualTo(documented(docs, prefix));
        return 1;
    }

    private static Set<String> documented(String docs, String prefix) {
        Set<String> keys = new TreeSet<>();
        Matcher row = ROW.matcher(docs);
        while (row.find()) {
            if (row.group(1).startsWith(prefix)) {
                keys.add(row.group(1));
            }
        }
        return keys;
    }
}
