package dev.push3.auth.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.push3.api.PluginConfig;
import dev.push3.core.client.Push3Client;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import dev.push3.core.wire.Reply;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10.5: password hashing must never occupy the carrier threads that run every
 * session's virtual thread. The hook stands in for a CPU-bound hash: it spins, holding its
 * thread, until released. With as many spinning checks as there are carriers (the virtual
 * thread scheduler has one per processor), a hash on the session's own virtual thread left
 * no carrier for anyone, and {@code METRICS} on an open session got no reply until the
 * hashes ended; on the hashing pool's platform threads the carriers stay free.
 */
class HashingOffSessionThreadsTest {
    @TempDir
    Path dir;

    @Test
    void metricsOnAnOpenSessionIsAnsweredWhileEveryHashingThreadIsBusy() throws Exception {
        int carriers = Runtime.getRuntime().availableProcessors();
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}secret\n");
        CountDownLatch release = new CountDownLatch(1);
        ConcurrentLinkedQueue<Thread> checkThreads = new ConcurrentLinkedQueue<>();
        var holding = new java.util.concurrent.atomic.AtomicBoolean(false);
        Runnable spinWhileHolding = () -> {
            checkThreads.add(Thread.currentThread());
            // Bounded, so that the test fails rather than hangs where the spin holds the carriers.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (holding.get() && release.getCount() > 0 && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        };
        FileAuthenticator authenticator = FileAuthenticator.open(FileAuthSettings.from(PluginConfig.of(Map.of(
                "auth.file.path", users.toString(),
                "auth.file.max-parallel-hashes", Integer.toString(carriers)))), spinWhileHolding);
        ServerSettings settings = ServerSettings.builder()
                .bind(InetAddress.getLoopbackAddress()).port(0).failureDelay(Duration.ZERO)
                // All clients come from 127.0.0.1: the per-address penalty would check their LOGINs one at a time.
                .penaltyMax(Duration.ZERO).build();
        // Platform threads: the clients must not need the carriers under test.
        ExecutorService clients = Executors.newCachedThreadPool();

        try (authenticator; clients; Push3Server server = Push3Server.start(settings, Backends.of("file", authenticator));
                Push3Client open = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(10))) {
            assertThat(open.login("alice", "secret").success()).isTrue();
            holding.set(true);
            List<Future<Reply>> logins = new ArrayList<>();
            for (int i = 0; i < carriers; i++) {
                logins.add(clients.submit(() -> {
                    try (Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(30))) {
                        return client.login("alice", "secret");
                    }
                }));
            }
            awaitActiveChecks(authenticator, carriers);

            Map<String, BigDecimal> metrics = open.metrics();

            assertThat(metrics).containsEntry("push3.auth.file.hashes.active", BigDecimal.valueOf(carriers));
            assertThat(logins).as("no LOGIN answered while its check is held").noneMatch(Future::isDone);
            release.countDown();
            for (Future<Reply> login : logins) {
                assertThat(login.get(30, TimeUnit.SECONDS).success()).isTrue();
            }
            assertThat(checkThreads).as("checks ran on platform threads").noneMatch(Thread::isVirtual)
                    .allMatch(thread -> thread.getName().startsWith("push3-auth-file-hash-"));
        } finally {
            release.countDown();
        }
    }

    private static void awaitActiveChecks(FileAuthenticator authenticator, int count) {
        await(count + " checks started").atMost(Duration.ofSeconds(30)).until(
                () -> authenticator.metrics().get("push3.auth.file.hashes.active").orElseThrow().intValue() >= count);
    }
}
