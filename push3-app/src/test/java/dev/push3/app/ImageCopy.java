package dev.push3.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An installed Push3 image that tests may change (add or remove plugin jars), run the way
 * an operator runs it: {@code bin/push3} as a process, with an environment that has no
 * {@code JAVA_HOME} and a {@code PATH} without {@code java}. Never changes the image it was
 * copied from.
 */
final class ImageCopy {
    private static final Pattern LISTENING = Pattern.compile("Push3 listening on /127\\.0\\.0\\.1:(\\d+)");
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

    /** The launcher needs only these two programs besides /bin/sh; java is deliberately absent. */
    private static Path toolsWithoutJava(Path tools) throws IOException {
        Files.createDirectories(tools);
        for (String program : List.of("dirname", "readlink")) {
            Path real = Stream.of("/usr/bin", "/bin").map(dir -> Path.of(dir, program)).filter(Files::isExecutable)
                    .findFirst().orElseThrow(() -> new IllegalStateException(program + " not found"));
            Files.copy(real, tools.resolve(program), StandardCopyOption.COPY_ATTRIBUTES);
        }
        return tools;
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
        Process process = start(launcher, environment, args);
        StringBuffer err = new StringBuffer();
        Thread errReader = drain(process.getErrorStream(), new LinkedBlockingQueue<>(), err);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("push3 " + String.join(" ", args) + " did not finish; stderr:\n" + err);
        }
        errReader.join(Duration.ofSeconds(10));
        return new Result(process.exitValue(), out, err.toString());
    }

    /**
     * Starts {@code push3 serve} and waits until it listens.
     *
     * @param args the arguments after {@code serve}; include {@code --port 0}
     */
    Server serve(String... args) throws IOException, InterruptedException {
        String[] command = Stream.concat(Stream.of("serve"), Stream.of(args)).toArray(String[]::new);
        Process process = start(home.resolve("bin/push3"), Map.of(), command);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StringBuffer err = new StringBuffer();
        drain(process.getErrorStream(), lines, err);
        drain(process.getInputStream(), new LinkedBlockingQueue<>(), new StringBuffer());
        long deadline = System.nanoTime() + PROCESS_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            Matcher m = line == null ? null : LISTENING.matcher(line);
            if (m != null && m.find()) {
                return new Server(process, Integer.parseInt(m.group(1)), err);
            }
            if (line == null && !process.isAlive()) {
                break;
            }
        }
        process.destroyForcibly();
        throw new AssertionError("push3 serve did not start; stderr:\n" + err);
    }

    /** A running {@code push3 serve}; closing it kills the process. */
    record Server(Process process, int port, StringBuffer stderr) implements AutoCloseable {
        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Process start(Path launcher, Map<String, String> environment, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString());
        builder.command().addAll(List.of(args));
        Map<String, String> env = builder.environment();
        env.clear(); // no JAVA_HOME, no PUSH3_*, and no java on the PATH
        env.put("PATH", tools.toString());
        env.putAll(environment);
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        return builder.start();
    }

    private static Thread drain(InputStream stream, BlockingQueue<String> lines, StringBuffer text) {
        return Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                in.lines().forEach(line -> {
                    text.append(line).append('\n');
                    lines.add(line);
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
