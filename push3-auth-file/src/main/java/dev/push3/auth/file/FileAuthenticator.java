package dev.push3.auth.file;

import dev.push3.api.ConfigException;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.api.metrics.MetricsSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Checks {@code LOGIN} against the users file, as {@link ReloadingUsersFile} keeps it in
 * force: a changed file applies to the next {@code LOGIN}.
 *
 * <p>An unknown user, or one whose line cannot be used, is checked against the decoy of
 * {@link LoadedUsers} (the file's dearest entry) and rejected, so that it costs at least
 * what a wrong password for any user costs.
 *
 * <p>Password checks hold one of {@code auth.file.max-parallel-hashes} permits while they
 * compute. Hashing is CPU-bound, so more at once only adds latency; and an Argon2id check
 * takes 64 MiB, so without the bound a burst of {@code LOGIN}s on virtual threads could
 * exhaust the heap. A check that waits longer than {@link #PERMIT_WAIT} is answered
 * unavailable.
 */
final class FileAuthenticator implements Authenticator {
    /** The longest a check waits for a permit before the backend reports itself busy. */
    static final Duration PERMIT_WAIT = Duration.ofSeconds(10);

    private final ReloadingUsersFile users;
    private final Semaphore permits;
    private final int maxParallelHashes;

    private FileAuthenticator(ReloadingUsersFile users, int maxParallelHashes) {
        this.users = users;
        this.permits = new Semaphore(maxParallelHashes, true);
        this.maxParallelHashes = maxParallelHashes;
    }

    /**
     * Reads the users file and returns an authenticator for it.
     *
     * @param settings the settings; not null
     * @return the authenticator; never null
     * @throws ConfigException naming {@code auth.file.path} when the file cannot be used
     */
    static FileAuthenticator open(FileAuthSettings settings) {
        UsersFileLoader loader = new UsersFileLoader(settings.path(), settings.defaultScheme());
        try {
            return new FileAuthenticator(ReloadingUsersFile.open(loader), settings.maxParallelHashes());
        } catch (UnusableUsersFileException e) {
            throw new ConfigException(FileAuthSettings.PATH, e.getMessage(), e);
        }
    }

    @Override
    public AuthOutcome authenticate(Credentials credentials) {
        try {
            if (!permits.tryAcquire(PERMIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return AuthOutcome.unavailable("all " + maxParallelHashes + " password-check permits ("
                        + FileAuthSettings.MAX_PARALLEL_HASHES + ") stayed busy for " + PERMIT_WAIT.toSeconds() + "s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AuthOutcome.unavailable("interrupted while waiting for a password-check permit");
        }
        try {
            return check(users.current(), credentials);
        } finally {
            permits.release();
        }
    }

    private static AuthOutcome check(LoadedUsers users, Credentials credentials) {
        byte[] password = credentials.password().getBytes(StandardCharsets.UTF_8);
        try {
            Optional<UserEntry> entry = users.file().find(credentials.user());
            if (entry.isPresent()) {
                return entry.get().password().matches(password)
                        ? AuthOutcome.accepted(credentials.user())
                        : AuthOutcome.rejected();
            }
            users.decoy().matches(password);
            return AuthOutcome.rejected();
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    /**
     * Returns {@code push3.auth.file.users} (users in force), {@code .reloads} (new versions
     * put in force since start) and {@code .reload_failures} (new versions refused).
     */
    @Override
    public MetricsSnapshot metrics() {
        return MetricsSnapshot.builder()
                .put("push3.auth.file.users", users.inForce().size())
                .put("push3.auth.file.reloads", users.reloads())
                .put("push3.auth.file.reload_failures", users.reloadFailures())
                .build();
    }

    /** Stops watching the users file. */
    @Override
    public void close() {
        users.close();
    }
}
