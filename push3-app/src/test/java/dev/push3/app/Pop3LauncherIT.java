package dev.push3.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.core.client.Push3Client;
import dev.push3.core.client.Reply;
import dev.push3.testkit.dovecot.DovecotOptions;
import dev.push3.testkit.dovecot.DovecotServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code push3 serve} with {@code auth.backend=pop3}, from the packaged launcher on the
 * module path (the plugin loaded from {@code plugins/}), logging Dovecot's users in against
 * the real Dovecot in a container.
 */
class Pop3LauncherIT {
    private static final Pattern LISTENING = Pattern.compile("Push3 listening on /127\\.0\\.0\\.1:(\\d+)");
    private static final Path DIST = Path.of(System.getProperty("push3.dist", "target/push3"));

    @TempDir
    Path dir;

    private final BlockingQueue<String> stderr = new LinkedBlockingQueue<>();
    private final StringBuffer stderrText = new StringBuffer();

    @Test
    void acceptsDovecotsUsersEndToEnd() throws Exception {
        try (DovecotServer dovecot = DovecotServer.start(
                DovecotOptions.plainPasswords(Map.of("alice", "secret")).withApop().withTls())) {
            Path config = Files.writeString(dir.resolve("push3.properties"), """
                    auth.backend=pop3
                    auth.pop3.host=127.0.0.1
                    auth.pop3.port=%d
                    auth.pop3.tls=starttls
                    auth.pop3.truststore=%s
                    auth.pop3.verify-hostname=false
                    auth.failure-delay=0s
                    """.formatted(dovecot.pop3Port(),
                    Files.writeString(dir.resolve("ca.pem"), dovecot.certificate().certificatePem())));
            Process push3 = launch("serve", "--config", config.toString(), "--port", "0");
            try (Push3Client client = Push3Client.connect("127.0.0.1", awaitPort(push3), Duration.ofSeconds(10))) {
                assertThat(client.login("alice", "wrong")).isEqualTo(new Reply.Fail("invalid credentials"));
                assertThat(client.login("alice", "secret")).isEqualTo(new Reply.Success("logged in"));
                assertThat(client.metrics()).containsEntry("push3.auth.pop3.accepted", BigDecimal.ONE)
                        .containsEntry("push3.auth.pop3.rejected", BigDecimal.ONE)
                        .containsEntry("push3.auth.pop3.last_reachable", BigDecimal.ONE);
                assertThat(stderrText.toString()).contains("Authenticator 'pop3' from module dev.push3.auth.pop3");
            } finally {
                push3.destroyForcibly();
            }
        }
    }

    private Process launch(String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(DIST.resolve("bin/push3").toString());
        builder.command().addAll(List.of(args));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("PUSH3_HOME");
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
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

    private int awaitPort(Process process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            String line = stderr.poll(1, TimeUnit.SECONDS);
            Matcher m = line == null ? null : LISTENING.matcher(line);
            if (m != null && m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("push3 did not start; stderr:\n" + stderrText);
    }
}
