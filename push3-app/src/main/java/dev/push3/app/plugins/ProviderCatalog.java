package dev.push3.app.plugins;

import dev.push3.api.ConfigException;
import dev.push3.api.ProviderName;
import dev.push3.api.auth.AuthenticatorProvider;
import dev.push3.api.metrics.MetricsSourceProvider;
import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers of one SPI that {@link ServiceLoader} found, by name.
 *
 * <p>Each provider is instantiated under guard: a broken jar is reported in
 * {@link #problems()} and logged, and the others still load; so is a provider whose name
 * breaks {@link ProviderName}'s rule, or that was compiled against an incompatible
 * {@code push3-api} ({@link ApiCompatibility}). Two providers with the same
 * name are both listed, and selecting that name fails with a message naming both jars.
 *
 * @param <P> the provider type
 */
public final class ProviderCatalog<P> {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderCatalog.class);

    /**
     * One provider found.
     *
     * @param name the name users select it by
     * @param provider the provider instance
     * @param origin the module and jar it came from, for messages
     * @param api the {@code push3-api} version the plugin was compiled against, as its
     *     module descriptor records it; {@code "unknown"} for a plugin on the class path or
     *     built without module versions
     * @param <P> the provider type
     */
    public record Found<P>(String name, P provider, String origin, String api) {
    }

    private static final int MAX_CONSECUTIVE_FAILURES = 100;

    private final String kind;
    private final SortedMap<String, List<Found<P>>> byName;
    private final List<String> problems;

    private ProviderCatalog(String kind, SortedMap<String, List<Found<P>>> byName, List<String> problems) {
        this.kind = kind;
        this.byName = byName;
        this.problems = problems;
    }

    /**
     * Finds the authenticator providers visible in a module layer (and its parents).
     *
     * @param layer the layer holding the plugins, for example the boot layer; not null
     * @return the catalog; never null
     */
    public static ProviderCatalog<AuthenticatorProvider> authenticators(ModuleLayer layer) {
        return load("authenticator", ServiceLoader.load(layer, AuthenticatorProvider.class), AuthenticatorProvider::name);
    }

    /**
     * Finds the authenticator providers on the module path and class path of a class loader.
     *
     * @param loader the class loader; not null
     * @return the catalog; never null
     */
    public static ProviderCatalog<AuthenticatorProvider> authenticators(ClassLoader loader) {
        return load("authenticator", ServiceLoader.load(AuthenticatorProvider.class, loader), AuthenticatorProvider::name);
    }

    /**
     * Finds the metrics source providers visible in a module layer (and its parents).
     *
     * @param layer the layer holding the plugins; not null
     * @return the catalog; never null
     */
    public static ProviderCatalog<MetricsSourceProvider> metricsSources(ModuleLayer layer) {
        return load("metrics source", ServiceLoader.load(layer, MetricsSourceProvider.class), MetricsSourceProvider::name);
    }

    /**
     * Finds the metrics source providers on the module path and class path of a class loader.
     *
     * @param loader the class loader; not null
     * @return the catalog; never null
     */
    public static ProviderCatalog<MetricsSourceProvider> metricsSources(ClassLoader loader) {
        return load("metrics source", ServiceLoader.load(MetricsSourceProvider.class, loader), MetricsSourceProvider::name);
    }

    private static <P> ProviderCatalog<P> load(String kind, ServiceLoader<P> loader, Function<P, String> nameOf) {
        SortedMap<String, List<Found<P>>> byName = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Iterator<P> providers = loader.iterator();
        // A class that fails to load throws from hasNext()/next() themselves; the loader then
        // goes on with the next provider. The bound stops a loader that keeps failing.
        for (int failures = 0; failures < MAX_CONSECUTIVE_FAILURES; ) {
            P provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
                failures = 0;
            } catch (ServiceConfigurationError | LinkageError e) {
                failures++;
                problems.add(problem(kind, "a provider", e));
                continue;
            }
            String origin = origin(provider.getClass());
            try {
                String name = nameOf.apply(provider);
                Optional<String> badName = ProviderName.problem(name);
                if (badName.isPresent()) {
                    problems.add(problem(kind, "'" + name + "' from " + origin + ": the name " + badName.get()));
                    continue;
                }
                Optional<ModuleDescriptor.Version> api = ApiCompatibility.compiledAgainst(provider.getClass());
                Optional<String> incompatible = api.flatMap(ApiCompatibility::problem);
                if (incompatible.isPresent()) {
                    problems.add(problem(kind, "'" + name + "' from " + origin + ": " + incompatible.get()));
                    continue;
                }
                byName.computeIfAbsent(name, n -> new ArrayList<>())
                        .add(new Found<>(name, provider, origin, api.map(Object::toString).orElse("unknown")));
                LOG.debug("Found {} provider '{}' in {}", kind, name, origin);
            } catch (RuntimeException | LinkageError e) {
                problems.add(problem(kind, provider.getClass().getName() + " from " + origin, e));
            }
        }
        byName.replaceAll((name, list) -> List.copyOf(list));
        return new ProviderCatalog<>(kind, Collections.unmodifiableSortedMap(byName), List.copyOf(problems));
    }

    private static String problem(String kind, String what, Throwable e) {
        return problem(kind, what + ": " + e);
    }

    private static String problem(String kind, String what) {
        String problem = "cannot load " + kind + " " + what;
        LOG.warn("Ignoring a broken plugin: {}", problem);
        return problem;
    }

    /**
     * Returns the provider of a name.
     *
     * @param name the name the user configured; not null
     * @param settingKey the setting that named it, for the error message
     * @return the provider; never null
     * @throws ConfigException when no provider or more than one has that name; the message
     *     lists the names available and says where plugins go
     */
    public Found<P> select(String name, String settingKey) {
        List<Found<P>> found = byName.getOrDefault(name, List.of());
        if (found.isEmpty()) {
            String available = byName.isEmpty() ? "none" : String.join(", ", byName.keySet());
            throw new ConfigException(settingKey, "no " + kind + " named '" + name + "'; available: " + available
                    + ". Put the plugin's jar in plugins/ or choose an available one.");
        }
        if (found.size() > 1) {
            throw new ConfigException(settingKey, "more than one " + kind + " is named '" + name + "': "
                    + found.stream().map(Found::origin).collect(Collectors.joining(" and ")) + ". Remove one of the jars.");
        }
        return found.getFirst();
    }

    /**
     * Returns every provider found, sorted by name; a duplicated name appears more than once.
     *
     * @return the providers; never null
     */
    public List<Found<P>> all() {
        return byName.values().stream().flatMap(List::stream).toList();
    }

    /**
     * Returns the names available.
     *
     * @return the names, sorted; never null
     */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * Returns what went wrong loading providers: one line per broken provider.
     *
     * @return the problems; never null, empty when all loaded
     */
    public List<String> problems() {
        return problems;
    }

    private static String origin(Class<?> type) {
        Module module = type.getModule();
        String where = module.isNamed() ? "module " + module.getName() : "class path";
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        return location == null ? where : where + " (" + location.getPath() + ")";
    }
}
