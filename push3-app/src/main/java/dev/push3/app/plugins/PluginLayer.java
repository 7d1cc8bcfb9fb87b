package dev.push3.app.plugins;

import dev.push3.api.auth.AuthenticatorProvider;
import dev.push3.api.metrics.MetricsSourceProvider;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The module layer of a plugins directory, above the boot layer.
 *
 * <p>Every jar in the directory is a module (named, or automatic when it has no
 * {@code module-info}). The modules that provide an authenticator or a metrics source are
 * the roots; the other jars are there for them to require. A jar that cannot be read, a
 * module that lib/ already has, or a plugin whose dependencies are missing is left out and
 * reported in {@link #problems()}; the other plugins still load. Each module gets its own
 * class loader, so plugins do not see each other's packages.
 *
 * @param layer the layer holding the plugins; the parent layer itself when none loaded
 * @param directory the plugins directory
 * @param problems one line per jar or plugin left out; empty when all loaded
 */
public record PluginLayer(ModuleLayer layer, Path directory, List<String> problems) {
    private static final Set<String> SERVICES = Set.of(
            AuthenticatorProvider.class.getName(), MetricsSourceProvider.class.getName());

    /** Checks the components. */
    public PluginLayer {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(directory, "directory");
        problems = List.copyOf(problems);
    }

    /**
     * Loads the plugins of a directory into a layer above {@code parent}. Never throws for a
     * bad plugin: it is reported in {@link #problems()} instead.
     *
     * @param directory the plugins directory; a missing one holds no plugins
     * @param parent the layer the plugins resolve against, normally the boot layer
     * @return the layer; never null
     */
    public static PluginLayer load(Path directory, ModuleLayer parent) {
        List<String> problems = new ArrayList<>();
        Map<String, Path> modules = modules(directory, parent, problems);
        if (modules.isEmpty()) {
            return new PluginLayer(parent, directory, problems);
        }
        ModuleFinder finder = ModuleFinder.of(modules.values().toArray(Path[]::new));
        List<String> roots = resolvableRoots(finder, modules, parent, problems);
        try {
            Configuration configuration = parent.configuration().resolve(finder, ModuleFinder.of(), roots);
            ModuleLayer layer = parent.defineModulesWithManyLoaders(configuration, ClassLoader.getSystemClassLoader());
            return new PluginLayer(layer, directory, problems);
        } catch (RuntimeException e) { // LayerInstantiationException, or a resolution that the checks missed
            problems.add("cannot load the plugins in " + directory + ": " + e.getMessage());
            return new PluginLayer(parent, directory, problems);
        }
    }

    /** The jars of the directory by module name, minus those that cannot be used. */
    private static Map<String, Path> modules(Path directory, ModuleLayer parent, List<String> problems) {
        Map<String, Path> modules = new LinkedHashMap<>();
        for (Path jar : jars(directory, problems)) {
            try {
                String name = ModuleFinder.of(jar).findAll().iterator().next().descriptor().name();
                if (parent.findModule(name).isPresent()) {
                    problems.add(jar.getFileName() + ": module " + name + " is already in lib/; remove the copy from plugins/");
                } else if (modules.containsKey(name)) {
                    problems.add(jar.getFileName() + ": module " + name + " is also in " + modules.get(name).getFileName()
                            + "; remove one of them");
                } else {
                    modules.put(name, jar);
                }
            } catch (FindException e) {
                problems.add(jar.getFileName() + ": not a usable module jar: " + e.getMessage());
            }
        }
        return modules;
    }

    private static List<Path> jars(Path directory, List<String> problems) {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.jar")) {
            stream.forEach(jars::add);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            problems.add("cannot list the plugins directory " + directory + ": " + e);
        }
        jars.sort(null);
        return jars;
    }

    /**
     * The modules that provide a Push3 SPI and resolve on their own. Each is tried alone so
     * that one plugin with a missing dependency does not keep the others out. Binding is not
     * needed: every provider in the directory is a root already.
     */
    private static List<String> resolvableRoots(ModuleFinder finder, Map<String, Path> modules,
            ModuleLayer parent, List<String> problems) {
        List<String> roots = new ArrayList<>();
        List<ModuleReference> references = finder.findAll().stream()
                .sorted(Comparator.comparing(reference -> reference.descriptor().name())).toList();
        for (ModuleReference module : references) {
            ModuleDescriptor descriptor = module.descriptor();
            if (descriptor.provides().stream().noneMatch(p -> SERVICES.contains(p.service()))) {
                continue;
            }
            try {
                parent.configuration().resolve(finder, ModuleFinder.of(), Set.of(descriptor.name()));
                roots.add(descriptor.name());
            } catch (ResolutionException | FindException e) {
                problems.add(modules.get(descriptor.name()).getFileName() + ": plugin " + descriptor.name()
                        + " cannot be loaded: " + e.getMessage());
            }
        }
        return roots;
    }
}
