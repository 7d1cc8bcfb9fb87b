package dev.push3.auth.file;

import dev.push3.api.ConfigException;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricName;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.passwords.scheme.StoredPassword;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks {@code LOGIN} against the users file, as {@link ReloadingUsersFile} keeps it in
 * force: a changed file applies to the next {@code LOGIN}.
 *
 * <p>An unknown user, or one whose line cannot be used, is checked against the decoy of
 * {@link LoadedUsers} (the file's dearest entry) and rejected, so that it costs at least
 * what a wrong password for any user costs.
 *
 * <p>The hash itself runs on the {@link HashingPool}, bounded by
 * {@code auth.file.max-parallel-hashes} and {@code auth.file.max-hash-memory}; a check that
 * waits longer than {@link #MAX_WAIT} for them is answered unavailable.
 */
final class FileAuthenticator implements Authenticator {
    /** The longest a check waits for a hashing thread and memory before the backend reports itself busy. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final ReloadingUsersFile users;
    private final HashingPool hashing;

    private FileAuthenticator(ReloadingUsersFile users, HashingPool hashing) {
        this.users = users;
        this.hashing = hashing;
    }

    /**
     * Reads the users file and returns an authenticator for it.
     *
     * @param settings the settings; not null
     * @return the authenticator; never null
     * @throws ConfigException naming {@code auth.file.path} when the file cannot be used
     */
    static FileAuthenticator open(FileAuthSettings settings) {
        return open(settings, () -> { });
    }

    /**
     * As {@link #open(FileAuthSettings)}, with a hook that runs on the hashing thread before
     * each check; for tests that hold the hashing threads.
     *
     * @param settings the settings; not null
     * @param beforeEachCheck runs before each check, on the hashing thread; not null
     * @return the authenticator; never null
     */
    static FileAuthenticator open(FileAuthSettings settings, Runnable beforeEachCheck) {
        UsersFileLoader loader = new UsersFileLoader(settings.path(), settings.defaultScheme(),
                settings.allowWeakSchemes());
        ReloadingUsersFile users;
        try {
            users = ReloadingUsersFile.open(loader);
        } catch (UnusableUsersFileException e) {
            throw new ConfigException(FileAuthSettings.PATH, e.getMessage(), e);
        }
        return new FileAuthenticator(users, new HashingPool(settings.maxParallelHashes(), settings.maxHashMemory(),
                MAX_WAIT, beforeEachCheck));
    }

    @Override
    public AuthOutcome authenticate(Credentials credentials) {
        LoadedUsers current = users.current();
        Optional<UserEntry> entry = current.file().find(credentials.user());
        StoredPassword stored = entry.map(UserEntry::password).orElse(current.decoy());
        boolean known = entry.isPresent();
        byte[] password = credentials.password().getBytes(StandardCharsets.UTF_8);
        return hashing.run(stored.memoryBytes(), () -> {
            try {
                // The decoy's result is thrown away: an unknown user is rejected whatever it says.
                return stored.matches(password) && known
                        ? AuthOutcome.accepted(credentials.user())
                        : AuthOutcome.rejected();
            } finally {
                Arrays.fill(password, (byte) 0);
            }
        });
    }

    /**
     * Returns {@code push3.auth.file.users} (users in force), {@code .reloads} (new versions
     * put in force since start), {@code .reload_failures} (changed versions that could not be
     * put in force), and of the hashing threads {@code .hashes.active} (checks computing now),
     * {@code .hashes.waiting} (checks waiting for a thread or memory now),
     * {@code .hashes.memory_bytes} (memory budget the active checks hold),
     * {@code .hashes.timeouts} (checks that waited in vain since start) and
     * {@code .hashes.out_of_memory} (checks that ran out of heap since start).
     */
    @Override
    public MetricsSnapshot metrics() {
        return MetricsSnapshot.builder()
                .put(Metric.USERS.name, BigDecimal.valueOf(users.inForce().size()), Metric.USERS.info)
                .put(Metric.RELOADS.name, BigDecimal.valueOf(users.reloads()), Metric.RELOADS.info)
                .put(Metric.RELOAD_FAILURES.name, BigDecimal.valueOf(users.reloadFailures()), Metric.RELOAD_FAILURES.info)
                .put(Metric.ACTIVE.name, BigDecimal.valueOf(hashing.active()), Metric.ACTIVE.info)
                .put(Metric.WAITING.name, BigDecimal.valueOf(hashing.waiting()), Metric.WAITING.info)
                .put(Metric.MEMORY.name, BigDecimal.valueOf(hashing.memoryInUse()), Metric.MEMORY.info)
                .put(Metric.TIMEOUTS.name, BigDecimal.valueOf(hashing.timeouts()), Metric.TIMEOUTS.info)
                .put(Metric.OUT_OF_MEMORY.name, BigDecimal.valueOf(hashing.outOfMemory()), Metric.OUT_OF_MEMORY.info)
                .build();
    }

    /**
     * The names and infos of {@link #metrics()}, made once: every METRICS asks for them, and
     * {@link MetricName#of} checks a name with a regular expression.
     */
    private enum Metric {
        USERS("users", MetricInfo.gauge("Users in the users file in force")),
        RELOADS("reloads", MetricInfo.counter("Reloads of the users file")),
        RELOAD_FAILURES("reload_failures", MetricInfo.counter(
                "Reloads of the users file that failed; the earlier users stay in force")),
        ACTIVE("hashes.active", MetricInfo.gauge("Password checks computing now")),
        WAITING("hashes.waiting", MetricInfo.gauge("Password checks waiting for a turn")),
        MEMORY("hashes.memory_bytes", MetricInfo.gauge("Memory taken by the password checks computing now").withUnit("bytes")),
        TIMEOUTS("hashes.timeouts", MetricInfo.counter("Password checks that found no turn in time")),
        OUT_OF_MEMORY("hashes.out_of_memory", MetricInfo.counter("Password checks refused for want of memory"));

        private final MetricName name;
        private final MetricInfo info;

        Metric(String suffix, MetricInfo info) {
            this.name = MetricName.of("push3.auth.file." + suffix);
            this.info = info;
        }
    }

    /** Stops watching the users file and stops the hashing threads. */
    @Override
    public void close() {
        users.close();
        hashing.close();
    }
}
