package dev.push3.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.core.client.Push3Client;
import dev.push3.core.client.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code bin/push3} launcher, as a user runs it: a separate process on the
 * module path (Guice, log4j and the plugins as modules), stopped with SIGTERM.
 */
class LauncherIT {
    private static final Pattern LISTENING = Pattern.compile("Push3 listening on /127\\.0\\.0\\.1:(\\d+)");
    private static final Path DIST = Path.of(System.getProperty("push3.dist", "target/push3"));

    @TempDir
    Path dir;

    private Process process;
    private Thread stderrReader;
    private final BlockingQueue<String> stderr = new LinkedBlockingQueue<>();
    private final StringBuffer stderrText = new StringBuffer();

    private Process launch(String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(DIST.resolve("bin/push3").toString());
        builder.command().addAll(List.of(args));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("PUSH3_HOME");
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        process = builder.start();
        stderrReader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(line -> {
                    stderrText.append(line).append('\n');
                    stderr.add(line);
                });
            } catch (IOException e) {
                stderr.add("stderr closed: " + e);
            }
        });
        return process;
    }

    private int awaitPort() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String line = stderr.poll(1, TimeUnit.SECONDS);
            Matcher m = line == null ? null : LISTENING.matcher(line);
            if (m != null && m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("server did not start; stderr:\n" + stderrText);
    }

    @AfterEach
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void servesOnTheModulePathAndShutsDownGracefullyOnSigterm() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "# operators\nalice:{PLAIN}secret\n");
        launch("serve", "--users", users.toString(), "--port", "0");
        int port = awaitPort();

        Push3Client open = Push3Client.connect("127.0.0.1", port, Duration.ofSeconds(10));
        try (Push3Client client = Push3Client.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
            assertThat(client.login("alice", "secret")).isEqualTo(new Reply.Success("logged in"));
            assertThat(client.metrics()).containsEntry("push3.logins.succeeded", BigDecimal.ONE)
                    .containsEntry("push3.connections.current", new BigDecimal(2));
            assertThat(client.send("FINISH")).isEqualTo(new Reply.Success("bye"));
        }
        assertThat(open.login("alice", "secret").success()).isTrue();

        // Not Process.destroy(): it closes our end of the child's stderr, losing its last lines.
        assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor()).isZero();
        assertThat(open.receive()).isEqualTo(new Reply.Fail("server shutting down"));
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        stderrReader.join(Duration.ofSeconds(5));
        assertThat(stderrText.toString()).contains("Authenticator 'file' from module dev.push3.auth.file", "Push3 stopped")
                .doesNotContain("secret");
        open.close();
    }

    @Test
    void aConfigurationErrorExitsWithStatus2AndOneClearLine() throws Exception {
        launch("serve", "--port", "0", "--users", dir.resolve("absent").toString());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        stderrReader.join(Duration.ofSeconds(5));
        assertThat(stderrText.toString()).contains("push3: configuration error: auth.file.path");
    }
}
