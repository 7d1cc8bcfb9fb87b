package dev.push3.auth.file;

import dev.push3.api.ConfigException;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.api.metrics.MetricInfo;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.passwords.scheme.StoredPassword;
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
                .put("push3.auth.file.users", users.inForce().size(), MetricInfo.gauge("Users in the users file in force"))
                .put("push3.auth.file.reloads", users.reloads(), MetricInfo.counter("Reloads of the users file"))
                .put("push3.auth.file.reload_failures", users.reloadFailures(),
                        MetricInfo.counter("Reloads of the users file that failed; the earlier users stay in force"))
                .put("push3.auth.file.hashes.active", hashing.active(), MetricInfo.gauge("Password checks computing now"))
                .put("push3.auth.file.hashes.waiting", hashing.waiting(), MetricInfo.gauge("Password checks waiting for a turn"))
                .put("push3.auth.file.hashes.memory_bytes", hashing.memoryInUse(),
                        MetricInfo.gauge("Memory taken by the password checks computing now").withUnit("bytes"))
                .put("push3.auth.file.hashes.timeouts", hashing.timeouts(),
                        MetricInfo.counter("Password checks that found no turn in time"))
                .put("push3.auth.file.hashes.out_of_memory", hashing.outOfMemory(),
                        MetricInfo.counter("Password checks refused for want of memory"))
                .build();
    }

    /** Stops watching the users file and stops the hashing threads. */
    @Override
    public void close() {
        users.close();
        hashing.close();
    }
}
