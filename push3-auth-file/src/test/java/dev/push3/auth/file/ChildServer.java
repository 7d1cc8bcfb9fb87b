package dev.push3.auth.file;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@link UsersFileServer} in a child JVM with a given heap, on this JVM's class and
 * module path, and keeps its output (stdout and stderr) for assertions.
 */
final class ChildServer implements AutoCloseable {
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+[kmgKMG])");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final int port;

    private ChildServer(Process process) throws IOException {
        this.process = process;
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    output.append(line).append('\n');
                    if (line.startsWith("listening ")) {
                        listening.complete(Integer.parseInt(line.substring("listening ".length())));
                    }
                }
            } catch (IOException e) {
                // The child ended.
            }
            listening.completeExceptionally(new IllegalStateException("the server ended:\n" + output));
        });
        try {
            this.port = listening.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not start:\n" + output, e);
        }
    }

    /**
     * Starts a server.
     *
     * @param heap for example {@code 128m}
     * @param settings {@code key=value} settings
     * @return the running server
     */
    static ChildServer start(String heap, List<String> settings) throws IOException {
        String path = System.getProperty("jdk.module.path", "") + File.pathSeparator + System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", path, UsersFileServer.class.getName()));
        command.addAll(settings);
        return new ChildServer(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /**
     * Returns the heap the shipped systemd unit gives Push3, from {@code dist/push3.service}.
     *
     * @return for example {@code 256m}
     */
    static String shippedHeap() throws IOException {
        Path unit = Path.of("..", "dist", "push3.service");
        Matcher m = XMX.matcher(Files.readString(unit));
        if (!m.find()) {
            throw new IllegalStateException("no -Xmx in " + unit.toAbsolutePath());
        }
        return m.group(1);
    }

    int port() {
        return port;
    }

    /** Returns what the server printed so far. */
    String output() {
        return output.toString();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
