package dev.push3.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.push3.core.client.Push3Client;
import dev.push3.core.wire.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 end to end, with the packaged {@code bin/push3} as a separate process: an
 * administrator changes a key over TCP and the file on disk changes on that line only; a
 * real SIGHUP with a broken file changes nothing; a SIGHUP with a good file applies the
 * changeable keys and logs the one that needs a restart; the audit log holds every change and
 * every refused CONFIG.
 * Synchronised on the server's log lines, not on sleeps.
 */
class ConfigReloadIT {
    @TempDir
    Path dir;

    @Test
    void configOverTcpAndSighupWithABrokenFileAndAGoodOne() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "root:{PLAIN}rootpw\nalice:{PLAIN}secret\n");
        Path audit = Files.createDirectory(dir.resolve("logs"));
        List<String> lines = List.of("# Push3 test", "server.port=0", "auth.file.path=" + users, "auth.admins=root",
                "auth.failure-delay=0s", "auth.max-failures=3", "# end");
        Path config = Files.write(dir.resolve("push3.properties"), lines);
        try (Push3Process push3 = Push3Process.launch(Map.of("PUSH3_JAVA_OPTS", "-Dpush3.audit.dir=" + audit, "PUSH3_AOT", "off"),
                "serve", "--config", config.toString())) {
            int port = push3.awaitPort();
            try (Push3Client root = Push3Client.connect("127.0.0.1", port, Duration.ofSeconds(10));
                    Push3Client alice = Push3Client.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
                assertThat(root.login("root", "rootpw").success()).isTrue();
                assertThat(alice.login("alice", "secret").success()).isTrue();
                assertThat(alice.send("CONFIG")).isEqualTo(new Reply.Fail("CONFIG needs an administrator"));
                assertThat(root.send("CONFIG auth.max-failures 1")).isEqualTo(new Reply.Success("auth.max-failures=1 (was 3)"));
                List<String> changed = new ArrayList<>(lines);
                changed.set(lines.indexOf("auth.max-failures=3"), "auth.max-failures=1");
                assertThat(Files.readAllLines(config)).containsExactlyElementsOf(changed);
                assertThat(root.send("CONFIG server.port 2254")).isEqualTo(new Reply.Fail("server.port needs a restart"));
                assertThat(root.send("CONFIG auth.failure-delay soon")).isEqualTo(new Reply.Fail(
                        "auth.failure-delay: must be a duration such as 500ms, 1s, 10m, 2h, 1d or PT1S, was 'soon'"));

                Files.write(config, List.of("server.port=0", "auth.file.path=" + users, "auth.admins=root",
                        "auth.failure-delay=soon", "auth.max-failures=2"));
                push3.signal("HUP");
                push3.awaitStderr("Configuration reload refused, the running configuration is kept: auth.failure-delay:", 1);
                assertThat(root.send("CONFIG auth.max-failures")).isEqualTo(new Reply.Success("auth.max-failures=1"));

                Files.write(config, List.of("server.port=2254", "auth.file.path=" + users, "auth.admins=root",
                        "auth.failure-delay=0s", "auth.max-failures=2"));
                push3.signal("HUP");
                push3.awaitStderr("Configuration reloaded: 1 changed, 1 waiting for a restart", 1);
                assertThat(push3.stderr()).contains("Configuration reload: server.port changed and needs a restart");
                assertThat(root.send("CONFIG auth.max-failures")).isEqualTo(new Reply.Success("auth.max-failures=2"));
            }
            try (Push3Client next = Push3Client.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
                assertThat(next.login("alice", "wrong")).isEqualTo(new Reply.Fail("invalid credentials"));
                assertThat(next.login("alice", "wrong")).isEqualTo(new Reply.Fail("invalid credentials; too many failures, closing"));
            }
            push3.sigterm();
            push3.awaitExit(Duration.ofSeconds(60));
        }
        Path log = audit.resolve("audit.log");
        await().until(() -> Files.exists(log));
        List<String> changes = Files.readAllLines(log).stream().filter(line -> line.contains("\"event\":\"config\"")).toList();
        assertThat(changes).hasSize(5);
        assertThat(changes.get(0)).contains("\"outcome\":\"not-admin\"", "\"user\":\"alice\"", "\"key\":null");
        assertThat(changes.get(1)).contains("\"outcome\":\"changed\"", "\"user\":\"root\"", "\"remote\":\"127.0.0.1\"",
                "\"key\":\"auth.max-failures\",\"old\":\"3\",\"new\":\"1\"");
        assertThat(changes.get(2)).contains("\"outcome\":\"needs-restart\"", "\"user\":\"root\"", "\"key\":\"server.port\"}");
        assertThat(changes.get(3)).contains("\"outcome\":\"invalid\"", "\"key\":\"auth.failure-delay\"}").doesNotContain("soon");
        assertThat(changes.get(4)).contains("\"outcome\":\"reloaded\"", "\"session\":0,\"remote\":null",
                "\"key\":\"auth.max-failures\",\"old\":\"1\",\"new\":\"2\"");
    }
}
