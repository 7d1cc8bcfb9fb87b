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

/**
 * Builds, with the JDK's javac and jar, broken plugin jars: one whose module
 * {@code test.needy} provides an authenticator named {@code needy} and requires a module
 * {@code test.absent} that is compiled against but never shipped, and one compiled against
 * a future {@code push3-api}.
 */
final class NeedyPlugin {
    private NeedyPlugin() {
    }

    /**
     * Builds the jar.
     *
     * @param work a scratch directory
     * @param lib the image's lib/, for push3-api
     * @return the jar {@code needy.jar}
     */
    static Path build(Path work, Path lib) throws IOException {
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
        Path classes = work.resolve("classes");
        Path api = api(lib);
        run("javac", "-d", classes.toString(), "--module-source-path", sources.toString(), "--module-path", api.toString(),
                "--module", "test.absent,test.needy");
        Path jar = work.resolve("needy.jar");
        run("jar", "--create", "--file", jar.toString(), "-C", classes.resolve("test.needy").toString(), ".");
        return jar;
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
    static Path buildAgainstApi(Path work, Path lib, String apiVersion) throws IOException {
        Path future = Files.copy(api(lib), Files.createDirectories(work).resolve("push3-api-" + apiVersion + ".jar"));
        run("jar", "--update", "--file", future.toString(), "--module-version", apiVersion);
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
        Path classes = work.resolve("classes");
        run("javac", "-d", classes.toString(), "--module-source-path", sources.toString(), "--module-path", future.toString(),
                "--module", "test.future");
        Path jar = work.resolve("future.jar");
        run("jar", "--create", "--file", jar.toString(), "-C", classes.resolve("test.future").toString(), ".");
        return jar;
    }

    private static Path api(Path lib) throws IOException {
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(p -> p.getFileName().toString().startsWith("push3-api-")).findFirst().orElseThrow();
        }
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
