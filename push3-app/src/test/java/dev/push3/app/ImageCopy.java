package dev.push3.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An installed Push3 image that tests may change (add or remove plugin jars), run the way
 * an operator runs it: {@code bin/push3} as a process, with an environment that has no
 * {@code JAVA_HOME} and a {@code PATH} without {@code java}. Never changes the image it was
 * copied from.
 */
final class ImageCopy {
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private final Path tools;

    private ImageCopy(Path home, Path tools) {
        this.home = home;
        this.tools = tools;
    }

    /**
     * Copies the image. The runtime's files, which no test changes, are hard links where the
     * file system allows, to save copying 100 MB per test.
     */
    static ImageCopy of(Path image, Path directory) throws IOException {
        Path home = Files.createDirectories(directory.resolve("push3"));
        for (String part : List.of("bin", "conf", "lib", "plugins")) {
            copyTree(image.resolve(part), home.resolve(part), false);
        }
        copyTree(image.resolve("runtime"), home.resolve("runtime"), true);
        return new ImageCopy(home, toolsWithoutJava(directory.resolve("tools")));
    }

    /** Wraps an image unpacked by the test itself (from the tarball). */
    static ImageCopy unpacked(Path home, Path directory) throws IOException {
        return new ImageCopy(home, toolsWithoutJava(directory.resolve("tools")));
    }

    /**
     * The launcher needs only these two programs besides /bin/sh; java is deliberately absent.
     * Without the others of {@link #withStartUpCache()} it runs without its start-up cache.
     */
    private static Path toolsWithoutJava(Path tools) throws IOException {
        Files.createDirectories(tools);
        addPrograms(tools, List.of("dirname", "readlink"));
        return tools;
    }

    private static void addPrograms(Path tools, List<String> programs) throws IOException {
        for (String program : programs) {
            Path real = Stream.of("/usr/bin", "/bin").map(dir -> Path.of(dir, program)).filter(Files::isExecutable)
                    .findFirst().orElseThrow(() -> new IllegalStateException(program + " not found"));
            Files.copy(real, tools.resolve(program), StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Puts the programs on the PATH that the launcher's start-up cache needs (coreutils, as on
     * any host), so that {@code serve} records and uses it; still no java.
     *
     * @return this copy
     */
    ImageCopy withStartUpCache() throws IOException {
        addPrograms(tools, List.of("mkdir", "cat", "ls", "cksum", "cut", "mv", "rm"));
        return this;
    }

    private static void copyTree(Path from, Path to, boolean link) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (link && Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && linked(target, path)) {
                    continue;
                }
                Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static boolean linked(Path link, Path existing) {
        try {
            Files.createLink(link, existing);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // another file system: copy instead
        }
    }

    Path home() {
        return home;
    }

    Path plugins() {
        return home.resolve("plugins");
    }

    /** The one jar in plugins/ whose name starts with {@code prefix}, if any. */
    java.util.Optional<Path> plugin(String prefix) throws IOException {
        try (Stream<Path> jars = Files.list(plugins())) {
            return jars.filter(p -> p.getFileName().toString().startsWith(prefix + "-")).findFirst();
        }
    }

    /** What a finished command printed and returned. */
    record Result(int status, String out, String err) {
    }

    /**
     * Runs a command to completion.
     *
     * @param environment variables on top of the bare PATH
     */
    Result run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return run(home.resolve("bin/push3"), environment, args);
    }

    /** Runs the launcher through another path to it, such as a symbolic link. */
    Result run(Path launcher, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        try (Push3Process process = start(launcher, environment, args)) {
            int status = process.awaitExit(PROCESS_TIMEOUT);
            return new Result(status, process.stdout(), process.stderr());
        }
    }

    /**
     * Starts {@code push3 serve} and waits until it listens.
     *
     * @param args the arguments after {@code serve}; include {@code --port 0}
     * @return the running server; {@link Push3Process#awaitPort()} tells its port at once
     */
    Push3Process serve(String... args) throws IOException, InterruptedException {
        return serve(Map.of(), args);
    }

    /**
     * Starts {@code push3 serve} with more environment variables and waits until it listens.
     *
     * @param environment variables on top of the bare PATH
     * @param args the arguments after {@code serve}; include {@code --port 0}
     */
    Push3Process serve(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        String[] command = Stream.concat(Stream.of("serve"), Stream.of(args)).toArray(String[]::new);
        Push3Process server = start(home.resolve("bin/push3"), environment, command);
        try {
            server.awaitPort();
            return server;
        } catch (AssertionError | InterruptedException e) {
            server.close();
            throw e;
        }
    }

    /** Starts with no JAVA_HOME, no PUSH3_*, and no java on the PATH. */
    private Push3Process start(Path launcher, Map<String, String> environment, String... args) throws IOException {
        Map<String, String> bare = new HashMap<>(Map.of("PATH", tools.toString()));
        bare.putAll(environment);
        return Push3Process.launch(launcher, bare, args);
    }
}
