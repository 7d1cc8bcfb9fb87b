package dev.push3.auth.pop3;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Credentials;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Orders the checks that go to the POP3 server. Thread-safe; the waits park only the
 * calling (virtual) thread.
 *
 * <ol>
 * <li>Concurrent checks of one user name and password share one POP3 session: the first
 *     runs it (with its client's address for {@code XCLIENT}), the others take its outcome.</li>
 * <li>Checks of one user run one at a time, in arrival order. Many small servers allow one
 *     session per user and answer a second with a plain {@code -ERR} (no {@code [IN-USE]}),
 *     which reads as a wrong password.</li>
 * <li>At most {@code auth.pop3.max-sessions} POP3 sessions are open at once, handed out in
 *     arrival order.</li>
 * </ol>
 *
 * <p>A check waits for its turn and a session together at most the read timeout, then is
 * {@link AuthOutcome.Unavailable}: a LOGIN never waits longer for a queue than for a reply.
 */
final class CheckQueue {
    private final CredentialDigest digest;
    private final int maxSessions;
    private final Semaphore sessions;
    private final Duration maxWait;
    private final ConcurrentHashMap<String, CompletableFuture<AuthOutcome>> running = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Turn> turns = new ConcurrentHashMap<>();

    /** One user's turn; {@code holders} (the checks of the user in the queue) is guarded by the map. */
    private static final class Turn {
        private final ReentrantLock lock = new ReentrantLock(true);
        private int holders;
    }

    /**
     * Creates the queue.
     *
     * @param digest the key of a user name and password; not null
     * @param maxSessions the most POP3 sessions open at once; at least 1
     * @param maxWait the longest wait for a turn and a session; more than zero
     */
    CheckQueue(CredentialDigest digest, int maxSessions, Duration maxWait) {
        this.digest = digest;
        this.maxSessions = maxSessions;
        this.sessions = new Semaphore(maxSessions, true);
        this.maxWait = maxWait;
    }

    /**
     * Runs a check in its turn, or takes the outcome of the same check already running.
     *
     * @param credentials what is checked; not null
     * @param check opens the POP3 session and returns its outcome; not null, never returns null
     * @return the outcome; never null
     */
    AuthOutcome run(Credentials credentials, Supplier<AuthOutcome> check) {
        String id = digest.of(credentials);
        CompletableFuture<AuthOutcome> mine = new CompletableFuture<>();
        CompletableFuture<AuthOutcome> earlier = running.putIfAbsent(id, mine);
        if (earlier != null) {
            return earlier.join(); // the running check ends within its own timeouts
        }
        try {
            // Many servers take user names in any case: over-ordering "Alice" and "alice" is harmless.
            AuthOutcome outcome = inTurn(credentials.user().toLowerCase(Locale.ROOT), check);
            mine.complete(outcome);
            return outcome;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(id, mine);
        }
    }

    /**
     * Returns how many POP3 sessions are open now.
     *
     * @return 0 to {@code maxSessions}
     */
    int activeSessions() {
        return maxSessions - sessions.availablePermits();
    }

    private AuthOutcome inTurn(String user, Supplier<AuthOutcome> check) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        Turn turn = turns.compute(user, (name, held) -> {
            Turn next = held == null ? new Turn() : held;
            next.holders++;
            return next;
        });
        try {
            if (!turn.lock.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                return AuthOutcome.unavailable("earlier checks of the same user still running after "
                        + maxWait.toMillis() + "ms (" + Pop3Settings.READ_TIMEOUT + ")");
            }
            try {
                if (!sessions.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    return AuthOutcome.unavailable("all " + maxSessions + " POP3 sessions (" + Pop3Settings.MAX_SESSIONS
                            + ") still busy after " + maxWait.toMillis() + "ms (" + Pop3Settings.READ_TIMEOUT + ")");
                }
                try {
                    return check.get();
                } finally {
                    sessions.release();
                }
            } finally {
                turn.lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AuthOutcome.unavailable("interrupted while waiting for a POP3 session");
        } finally {
            turns.computeIfPresent(user, (name, held) -> --held.holders == 0 ? null : held);
        }
    }
}
