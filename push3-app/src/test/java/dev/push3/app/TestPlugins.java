package dev.push3.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/** Builds plugin jars for the launcher's tests with the JDK's javac and jar. */
final class TestPlugins {
    private TestPlugins() {
    }

    /**
     * Builds a plugin jar whose module {@code test.needy} provides an authenticator named
     * {@code needy} and requires a module {@code test.absent} that is compiled against but
     * never shipped.
     *
     * @param work a scratch directory
     * @param lib the image's lib/, for push3-api
     * @return the jar {@code needy.jar}
     */
    static Path needy(Path work, Path lib) throws IOException {
        Path sources = work.resolve("src");
        write(sources.resolve("test.absent/module-info.java"), "module test.absent { exports test.absent; }");
        write(sources.resolve("test.absent/test/absent/Marker.java"), "package test.absent; public final class Marker { }");
        write(sources.resolve("test.needy/module-info.java"), """
                module test.needy {
                    requires dev.push3.api;
                    requires test.absent;
                    provides dev.push3.api.auth.AuthenticatorProvider with test.needy.NeedyProvider;
                }""");
        write(sources.resolve("test.needy/test/needy/NeedyProvider.java"), """
                package test.needy;
                public final class NeedyProvider implements dev.push3.api.auth.AuthenticatorProvider {
                    public String name() { return "needy"; }
                    public dev.push3.api.auth.Authenticator create(dev.push3.api.PluginConfig config) {
                        test.absent.Marker marker = new test.absent.Marker();
                        throw new UnsupportedOperationException(marker.toString());
                    }
                }""");
        return jar(work, lib, "needy.jar", "test.needy", "test.absent,test.needy", "push3-api-");
    }

    /**
     * Builds a plugin jar whose module {@code test.noisy} provides a metrics source named
     * {@code noisy} that, when created, logs a WARN through slf4j whose message and exception
     * (with a cause) span lines, then refuses its configuration, so {@code serve} exits.
     *
     * @param work a scratch directory
     * @param lib the image's lib/, for push3-api and slf4j-api
     * @return the jar {@code noisy.jar}
     */
    static Path noisy(Path work, Path lib) throws IOException {
        Path sources = work.resolve("src");
        write(sources.resolve("test.noisy/module-info.java"), """
                module test.noisy {
                    requires dev.push3.api;
                    requires org.slf4j;
                    provides dev.push3.api.metrics.MetricsSourceProvider with test.noisy.NoisyProvider;
                }""");
        write(sources.resolve("test.noisy/test/noisy/NoisyProvider.java"), """
                package test.noisy;
                public final class NoisyProvider implements dev.push3.api.metrics.MetricsSourceProvider {
                    public String name() { return "noisy"; }
                    public dev.push3.api.metrics.MetricsSource create(dev.push3.api.PluginConfig config) {
                        org.slf4j.LoggerFactory.getLogger(NoisyProvider.class).warn("noisy first line\\nFORGED second line\\u2028FORGED third\\u2029FORGED fourth\\u0085FORGED fifth",
                                new IllegalStateException("boom\\nFORGED in the exception",
                                        new java.io.IOException("cause\\r\\nFORGED in the cause")));
                        throw new dev.push3.api.ConfigException("metrics.noisy", "refused after logging");
                    }
                }""");
        return jar(work, lib, "noisy.jar", "test.noisy", "test.noisy", "push3-api-", "slf4j-api-");
    }

    /**
     * Builds {@code future.jar}: module {@code test.future}, an authenticator named
     * {@code future}, compiled against the image's push3-api relabelled as version
     * {@code apiVersion}, as a plugin built for a later Push3 would be.
     *
     * @param work a scratch directory
     * @param lib the image's lib/, for push3-api
     * @param apiVersion the API version the plugin's descriptor records
     * @return the jar
     */
    static Path againstApi(Path work, Path lib, String apiVersion) throws IOException {
        Path relabelled = Files.createDirectories(work.resolve("lib"));
        try (Stream<Path> jars = Files.list(lib)) {
            Path api = jars.filter(p -> p.getFileName().toString().startsWith("push3-api-")).findFirst().orElseThrow();
            Path copy = Files.copy(api, relabelled.resolve("push3-api-" + apiVersion + ".jar"));
            run("jar", "--update", "--file", copy.toString(), "--module-version", apiVersion);
        }
        Path sources = work.resolve("src");
        write(sources.resolve("test.future/module-info.java"), """
                module test.future {
                    requires dev.push3.api;
                    provides dev.push3.api.auth.AuthenticatorProvider with test.future.FutureProvider;
                }""");
        write(sources.resolve("test.future/test/future/FutureProvider.java"), """
                package test.future;
                public final class FutureProvider implements dev.push3.api.auth.AuthenticatorProvider {
                    public String name() { return "future"; }
                    public dev.push3.api.auth.Authenticator create(dev.push3.api.PluginConfig config) {
                        throw new UnsupportedOperationException();
                    }
                }""");
        return jar(work, relabelled, "future.jar", "test.future", "test.future", "push3-api-");
    }

    /** Compiles the modules under work/src against the image's jars named by prefix and jars one of them. */
    private static Path jar(Path work, Path lib, String name, String module, String modules, String... libJars)
            throws IOException {
        List<String> modulePath = new java.util.ArrayList<>();
        for (String prefix : libJars) {
            try (Stream<Path> jars = Files.list(lib)) {
                modulePath.add(jars.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + lib)).toString());
            }
        }
        Path classes = work.resolve("classes");
        run("javac", "-d", classes.toString(), "--module-source-path", work.resolve("src").toString(),
                "--module-path", String.join(java.io.File.pathSeparator, modulePath), "--module", modules);
        Path jar = work.resolve(name);
        run("jar", "--create", "--file", jar.toString(), "-C", classes.resolve(module).toString(), ".");
        return jar;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static void run(String tool, String... args) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8);
        int status = ToolProvider.findFirst(tool).orElseThrow(() -> new IllegalStateException("no " + tool + " in this JDK"))
                .run(print, print, args);
        if (status != 0) {
            throw new IllegalStateException(tool + " " + List.of(args) + " failed:\n" + output.toString(StandardCharsets.UTF_8));
        }
    }
}
