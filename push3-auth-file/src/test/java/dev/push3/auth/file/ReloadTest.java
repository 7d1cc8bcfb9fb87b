package dev.push3.auth.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricType;
import dev.push3.api.metrics.MetricsSnapshot;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadTest {
    @TempDir
    Path dir;
    Path users;
    Authenticator auth;

    @BeforeEach
    void start() throws IOException {
        users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}old\n");
        auth = new FileAuthenticatorProvider().create(PluginConfig.of(Map.of("auth.file.path", users.toString())));
    }

    @AfterEach
    void stop() {
        auth.close();
    }

    /** Writes a temporary file beside the users file and renames it over it, as editors and tools do. */
    private void replaceByRename(String content) throws IOException {
        Path temporary = Files.writeString(dir.resolve(".users.tmp"), content);
        Files.move(temporary, users, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private AuthOutcome login(String user, String password) {
        return auth.authenticate(new Credentials(user, password));
    }

    private long metric(String name) {
        return auth.metrics().get(name).map(BigDecimal::longValueExact).orElseThrow();
    }

    private void awaitMetrics(Predicate<Authenticator> condition) {
        await("the watcher reacted").atMost(Duration.ofSeconds(30)).until(() -> condition.test(auth));
    }

    @Test
    void replaceByRenameAppliesToTheNextLogin() throws IOException {
        replaceByRename("alice:{PLAIN}new\nbob:{PLAIN}pw\n");

        assertThat(login("alice", "new")).isEqualTo(AuthOutcome.accepted("alice"));
        assertThat(login("alice", "old")).isEqualTo(AuthOutcome.rejected());
        assertThat(login("bob", "pw")).isEqualTo(AuthOutcome.accepted("bob"));
        assertThat(metric("push3.auth.file.reloads")).isEqualTo(1);
        assertThat(metric("push3.auth.file.users")).isEqualTo(2);
    }

    @Test
    void editInPlaceAppliesToTheNextLogin() throws IOException {
        Files.writeString(users, "alice:{PLAIN}edited\n");

        assertThat(login("alice", "edited")).isEqualTo(AuthOutcome.accepted("alice"));
        assertThat(login("alice", "old")).isEqualTo(AuthOutcome.rejected());
    }

    @Test
    void watcherAppliesARenamedFileWithoutAnyLogin() throws Exception {
        replaceByRename("alice:{PLAIN}new\nbob:{PLAIN}pw\ncarol:{PLAIN}c\n");

        awaitMetrics(a -> metric("push3.auth.file.users") == 3);
        assertThat(metric("push3.auth.file.reloads")).isEqualTo(1);
    }

    @Test
    void brokenNewFileKeepsTheLastGoodOneAndIsCountedOnce() throws IOException {
        replaceByRename("this line has no colon\n");

        assertThat(login("alice", "old")).isEqualTo(AuthOutcome.accepted("alice"));
        assertThat(login("alice", "old")).isEqualTo(AuthOutcome.accepted("alice"));
        assertThat(metric("push3.auth.file.reload_failures")).isEqualTo(1);
        assertThat(metric("push3.auth.file.reloads")).isZero();
        assertThat(metric("push3.auth.file.users")).isEqualTo(1);

        replaceByRename("alice:{PLAIN}fixed\n");

        assertThat(login("alice", "fixed")).isEqualTo(AuthOutcome.accepted("alice"));
        assertThat(metric("push3.auth.file.reloads")).isEqualTo(1);
    }

    @Test
    void deletedFileKeepsTheLastGoodOne() throws IOException {
        Files.delete(users);

        assertThat(login("alice", "old")).isEqualTo(AuthOutcome.accepted("alice"));
        assertThat(metric("push3.auth.file.reload_failures")).isEqualTo(1);
    }

    @Test
    void metricsStartWithTheUsersLoadedAndNoReloads() {
        assertThat(auth.metrics().asStringMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "push3.auth.file.users", BigDecimal.ONE,
                "push3.auth.file.reloads", BigDecimal.ZERO,
                "push3.auth.file.reload_failures", BigDecimal.ZERO,
                "push3.auth.file.hashes.active", BigDecimal.ZERO,
                "push3.auth.file.hashes.waiting", BigDecimal.ZERO,
                "push3.auth.file.hashes.memory_bytes", BigDecimal.ZERO,
                "push3.auth.file.hashes.timeouts", BigDecimal.ZERO,
                "push3.auth.file.hashes.out_of_memory", BigDecimal.ZERO));
    }

    /** The names and infos are made once, not per call: each keeps its type, unit and help. */
    @Test
    void everyMetricKeepsItsTypeUnitAndHelpCallAfterCall() {
        auth.metrics();
        MetricsSnapshot metrics = auth.metrics();

        assertThat(metrics.info()).hasSize(8);
        assertThat(metrics.info("push3.auth.file.users")).isEqualTo(MetricInfo.gauge("Users in the users file in force"));
        assertThat(metrics.info("push3.auth.file.reloads")).isEqualTo(MetricInfo.counter("Reloads of the users file"));
        assertThat(metrics.info("push3.auth.file.hashes.memory_bytes")).isEqualTo(new MetricInfo(MetricType.GAUGE, "bytes",
                "Memory taken by the password checks computing now"));
        assertThat(metrics.info("push3.auth.file.hashes.out_of_memory")).isEqualTo(
                MetricInfo.counter("Password checks refused for want of memory"));
    }

    @Test
    void closeStopsTheWatcherThread() {
        assertThat(watcherThreads()).isPositive();

        auth.close();

        assertThat(watcherThreads()).isZero();
    }

    @Test
    void closeStopsTheHashingThreads() {
        assertThat(login("alice", "old")).isEqualTo(AuthOutcome.accepted("alice"));
        assertThat(threads("push3-auth-file-hash-")).isPositive();

        auth.close();

        // The pool has terminated; each thread dies a moment after its last task.
        await("the hashing threads ended").atMost(Duration.ofSeconds(30))
                .until(() -> threads("push3-auth-file-hash-") == 0);
    }

    private static long watcherThreads() {
        return threads("push3-auth-file-watch");
    }

    private static long threads(String namePrefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(namePrefix) && t.isAlive())
                .count();
    }
}
