package dev.push3.auth.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.push3.core.client.Push3Client;
import dev.push3.core.wire.Reply;
import dev.push3.passwords.PasswordHasher;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server in a JVM with the heap of the shipped systemd unit ({@code dist/push3.service}),
 * over TCP: memory-hungry checks and files never cost a session its reply (issues 10.6, 11.11).
 */
class ShippedHeapTest {
    private static final Duration READ = Duration.ofSeconds(60);
    /**
     * Every client here comes from 127.0.0.1: with the per-address penalty (auth.penalty.max)
     * their LOGINs would be checked one at a time, with growing waits after each wrong one.
     */
    private static final String NO_PENALTY = "auth.penalty.max=0s";

    @TempDir
    Path dir;

    private static Push3Client connect(ChildServer server) throws IOException {
        return Push3Client.connect("127.0.0.1", server.port(), READ);
    }

    /**
     * Before the memory budget, two concurrent ARGON2ID checks under -Xmx128m ran out of heap and
     * dropped both. Eight hashing threads, as an operator of a bigger host may set, would need
     * 512 MiB at once: the budget, half the heap by default, must hold them back.
     */
    @Test
    void thirtyConcurrentArgon2idLoginsAllGetAReply() throws Exception {
        Path users = Files.write(dir.resolve("users"),
                List.of(PasswordHasher.line("alice", "ARGON2ID", "right".toCharArray())));
        try (ChildServer server = ChildServer.start(ChildServer.shippedHeap(),
                List.of("auth.file.path=" + users, "auth.failure-delay=0s", NO_PENALTY, "auth.file.max-parallel-hashes=8"));
                ExecutorService clients = Executors.newCachedThreadPool()) {
            List<Future<Reply>> logins = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String password = i % 2 == 0 ? "right" : "wrong";
                logins.add(clients.submit(() -> {
                    try (Push3Client client = connect(server)) {
                        return client.login("alice", password);
                    }
                }));
            }
            for (int i = 0; i < logins.size(); i++) {
                Reply reply = logins.get(i).get(2, TimeUnit.MINUTES);
                assertThat(reply.text()).as("LOGIN %d", i).isIn("logged in", "invalid credentials",
                        "authentication backend unavailable, try again later");
            }
            assertThat(server.output()).doesNotContain("OutOfMemoryError");
            assertThat(server.isAlive()).isTrue();
        }
    }

    @Test
    void aReloadThatRunsOutOfHeapKeepsTheLastGoodFileAndIsCounted() throws Exception {
        Path users = Files.write(dir.resolve("users"), List.of("alice:{PLAIN}old"));
        try (ChildServer server = ChildServer.start(ChildServer.shippedHeap(),
                List.of("auth.file.path=" + users, "auth.failure-delay=0s", NO_PENALTY))) {
            // One line as long as the whole heap: reading it cannot succeed.
            Path huge = dir.resolve("users.huge");
            writeOneLine(huge, heapBytes(ChildServer.shippedHeap()));
            Files.move(huge, users, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

            try (Push3Client client = connect(server)) {
                assertThat(client.login("alice", "old").success()).isTrue();
                assertThat(client.metrics()).containsEntry("push3.auth.file.reload_failures", BigDecimal.ONE)
                        .containsEntry("push3.auth.file.users", BigDecimal.ONE);
            }
            assertThat(server.output()).contains("does not fit in the heap");

            Files.write(dir.resolve("users.new"), List.of("bob:{PLAIN}new"));
            Files.move(dir.resolve("users.new"), users, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            try (Push3Client client = connect(server)) {
                assertThat(client.login("bob", "new").success()).as("reloads still work").isTrue();
                assertThat(client.metrics()).containsEntry("push3.auth.file.reloads", BigDecimal.ONE);
            }
        }
    }

    /** A check that needs more heap than there is gets a reply, unavailable, and the server goes on. */
    @Test
    void aHashCheckThatRunsOutOfHeapIsAnsweredUnavailableAndLoggedOnce() throws Exception {
        byte[] salt = new byte[16];
        byte[] hash = new byte[32];
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder().withoutPadding();
        // 1 GiB of Argon2 memory, beyond any test heap; the hash need not be real, the check never gets that far.
        Path users = Files.write(dir.resolve("users"), List.of("alice:{PLAIN}a",
                "greedy:{ARGON2ID}$argon2id$v=19$m=1048576,t=1,p=1$" + b64.encodeToString(salt) + "$"
                        + b64.encodeToString(hash)));
        try (ChildServer server = ChildServer.start("128m",
                List.of("auth.file.path=" + users, "auth.file.max-hash-memory=2g", "auth.failure-delay=0s", NO_PENALTY))) {
            try (Push3Client client = connect(server)) {
                assertThat(client.login("greedy", "x").text())
                        .isEqualTo("authentication backend unavailable, try again later");
                assertThat(client.login("alice", "a").success()).isTrue();
                Map<String, BigDecimal> metrics = client.metrics();
                assertThat(metrics).containsEntry("push3.auth.file.hashes.out_of_memory", BigDecimal.ONE)
                        .containsEntry("push3.auth.file.hashes.memory_bytes", BigDecimal.ZERO);
            }
            awaitOutput(server, "out of memory in a password check");
            assertThat(server.output().lines().filter(line -> line.contains("out of memory"))).hasSize(1);
        }
    }

    private static void awaitOutput(ChildServer server, String text) {
        await("the server logged '" + text + "'").atMost(Duration.ofSeconds(30)).until(() -> server.output().contains(text));
    }

    private static long heapBytes(String heap) {
        long value = Long.parseLong(heap.substring(0, heap.length() - 1));
        return switch (Character.toLowerCase(heap.charAt(heap.length() - 1))) {
            case 'k' -> value << 10;
            case 'm' -> value << 20;
            default -> value << 30;
        };
    }

    private static void writeOneLine(Path file, long length) throws IOException {
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'x');
        chunk[0] = 'u';
        chunk[1] = ':';
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < length; written += chunk.length) {
                out.write(chunk);
                chunk[0] = 'x';
                chunk[1] = 'x';
            }
            out.write('\n');
        }
        assertThat(Files.size(file)).isGreaterThan(length);
    }
}
