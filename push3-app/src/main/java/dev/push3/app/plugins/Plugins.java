package dev.push3.app.plugins;

import dev.push3.api.auth.AuthenticatorProvider;
import dev.push3.api.metrics.MetricsSourceProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The authenticators and metrics sources available to this run of {@code push3}.
 *
 * <p>In the installed image ({@code bin/push3} sets {@code PUSH3_HOME} and starts Push3 as a
 * named module) they come from the {@link PluginLayer} of {@code $PUSH3_HOME/plugins}.
 * Otherwise, as in tests and when embedding, they come from the application's class path
 * and module path through its class loader.
 *
 * @param searched where the providers were looked for, for people to read
 * @param authenticators the authenticator providers found
 * @param metricsSources the metrics source providers found
 * @param layerProblems the plugin jars that could not be loaded into the layer
 */
public record Plugins(String searched, ProviderCatalog<AuthenticatorProvider> authenticators,
        ProviderCatalog<MetricsSourceProvider> metricsSources, List<String> layerProblems) {

    /** Checks the components. */
    public Plugins {
        Objects.requireNonNull(searched, "searched");
        Objects.requireNonNull(authenticators, "authenticators");
        Objects.requireNonNull(metricsSources, "metricsSources");
        layerProblems = List.copyOf(layerProblems);
    }

    /**
     * Finds the plugins the way this process was started: from {@code $PUSH3_HOME/plugins}
     * when Push3 runs as a named module with {@code PUSH3_HOME} set, else through the class
     * loader.
     *
     * @return the plugins; never null
     */
    public static Plugins discover() {
        boolean onModulePath = Plugins.class.getModule().isNamed();
        Optional<Path> home = Optional.ofNullable(System.getenv("PUSH3_HOME")).filter(h -> !h.isBlank()).map(Path::of);
        if (onModulePath && home.isPresent()) {
            return fromDirectory(home.get().resolve("plugins"));
        }
        return fromClassLoader(Plugins.class.getClassLoader());
    }

    /**
     * Loads the plugins of a directory into a layer above the boot layer.
     *
     * @param directory the plugins directory; not null
     * @return the plugins; never null
     */
    public static Plugins fromDirectory(Path directory) {
        PluginLayer plugins = PluginLayer.load(directory, ModuleLayer.boot());
        return new Plugins(directory.toAbsolutePath().normalize().toString(),
                ProviderCatalog.authenticators(plugins.layer()),
                ProviderCatalog.metricsSources(plugins.layer()),
                plugins.problems());
    }

    /**
     * Finds the providers visible to a class loader (its class path and module path).
     *
     * @param loader the class loader; not null
     * @return the plugins; never null
     */
    public static Plugins fromClassLoader(ClassLoader loader) {
        return new Plugins("the class path", ProviderCatalog.authenticators(loader),
                ProviderCatalog.metricsSources(loader), List.of());
    }

    /**
     * Returns every problem: jars left out of the layer and providers that failed to load.
     *
     * @return one line per problem; never null, empty when everything loaded
     */
    public List<String> problems() {
        List<String> all = new ArrayList<>(layerProblems);
        all.addAll(authenticators.problems());
        all.addAll(metricsSources.problems());
        return List.copyOf(all);
    }
}
