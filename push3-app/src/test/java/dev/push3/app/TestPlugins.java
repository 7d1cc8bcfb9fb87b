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
 * Builds, with the JDK's javac and jar, a plugin jar whose module {@code test.needy}
 * provides an authenticator named {@code needy} and requires a module {@code test.absent}
 * that is compiled against but never shipped.
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
        Path api;
        try (Stream<Path> jars = Files.list(lib)) {
            api = jars.filter(p -> p.getFileName().toString().startsWith("push3-api-")).findFirst().orElseThrow();
        }
        run("javac", "-d", classes.toString(), "--module-source-path", sources.toString(), "--module-path", api.toString(),
                "--module", "test.absent,test.needy");
        Path jar = work.resolve("needy.jar");
        run("jar", "--create", "--file", jar.toString(), "-C", classes.resolve("test.needy").toString(), ".");
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
