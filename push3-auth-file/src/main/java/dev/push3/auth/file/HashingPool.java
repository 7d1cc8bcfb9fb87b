package dev.push3.auth.file;

import dev.push3.api.auth.AuthOutcome;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs password checks on a few platform threads of their own, never on the virtual threads
 * that serve sessions: a check burns CPU for up to a quarter of a second, and on a virtual
 * thread it would hold one of the few carrier threads that every session shares, so that
 * {@code METRICS} on an open session waited behind a storm of wrong passwords. The calling
 * session's virtual thread parks until its check is done.
 *
 * <p>Two bounds, taken in this order and each waited for fairly (first come, first served):
 * a check needs one of {@code threads} slots, and the memory its scheme allocates (64 MiB for
 * ARGON2ID) out of {@code memoryBudget}, so that a burst of Argon2 checks cannot exhaust the
 * heap. A check that needs more than the whole budget takes all of it and runs alone. A caller
 * that has not got both within {@code maxWait} gets {@link AuthOutcome.Unavailable}. Both are
 * given back by the pool thread when the check ends, not by the caller, so that memory still
 * in use is never counted free.
 *
 * <p>An {@link OutOfMemoryError} in a check becomes {@link AuthOutcome.Unavailable} for that
 * {@code LOGIN}; the garbage it leaves is collectable, so the next check can succeed.
 *
 * <p>Thread-safe. {@link #close()} stops the threads; checks submitted after it are unavailable.
 */
final class HashingPool implements AutoCloseable {
    private static final long KIB = 1024;

    private final int threads;
    private final int budgetKib;
    private final Duration maxWait;
    private final Semaphore slots;
    private final Semaphore memory;
    private final ExecutorService executor;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong outOfMemory = new AtomicLong();
    private final Runnable beforeEachCheck;

    /**
     * Starts the threads.
     *
     * @param threads checks at once, and threads; at least 1
     * @param memoryBudget bytes the checks at once may allocate together; at least 1 KiB
     * @param maxWait the longest a caller waits for a slot and memory; not null
     * @param beforeEachCheck runs on the pool thread before each check (tests hold the pool with it); not null
     */
    HashingPool(int threads, long memoryBudget, Duration maxWait, Runnable beforeEachCheck) {
        this.threads = threads;
        this.budgetKib = (int) Math.min(Integer.MAX_VALUE, memoryBudget / KIB);
        this.maxWait = maxWait;
        this.slots = new Semaphore(threads, true);
        this.memory = new Semaphore(budgetKib, true);
        this.beforeEachCheck = beforeEachCheck;
        AtomicInteger number = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, task -> Thread.ofPlatform().daemon()
                .name("push3-auth-file-hash-" + number.incrementAndGet()).unstarted(task));
    }

    /**
     * Runs one check on a pool thread and waits for it. Called from session threads.
     *
     * @param memoryBytes what the check allocates, in bytes; at least 0
     * @param check computes the outcome; runs on a pool thread; not null
     * @return the check's outcome, or unavailable when the bounds stayed full for {@code maxWait},
     *     the check ran out of memory, or the caller was interrupted; never null
     * @throws RuntimeException what the check threw
     */
    AuthOutcome run(long memoryBytes, Supplier<AuthOutcome> check) {
        int kib = (int) Math.min(budgetKib, (memoryBytes + KIB - 1) / KIB);
        long deadline = System.nanoTime() + maxWait.toNanos();
        waiting.incrementAndGet();
        try {
            if (!slots.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                return busy("all " + threads + " password-check threads (" + FileAuthSettings.MAX_PARALLEL_HASHES
                        + ")");
            }
            if (!memory.tryAcquire(kib, deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                slots.release();
                return busy("the password-check memory (" + FileAuthSettings.MAX_HASH_MEMORY + " "
                        + (budgetKib / KIB) + " MiB; this check needs " + (kib / KIB) + " MiB)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AuthOutcome.unavailable("interrupted while waiting to check the password");
        } finally {
            waiting.decrementAndGet();
        }
        return await(submit(kib, memoryBytes, check));
    }

    private AuthOutcome busy(String what) {
        timeouts.incrementAndGet();
        return AuthOutcome.unavailable(what + " stayed busy for " + maxWait.toMillis() + "ms");
    }

    private Future<AuthOutcome> submit(int kib, long memoryBytes, Supplier<AuthOutcome> check) {
        try {
            return executor.submit(() -> {
                try {
                    beforeEachCheck.run();
                    return check.get();
                } catch (OutOfMemoryError e) {
                    outOfMemory.incrementAndGet();
                    return AuthOutcome.unavailable("out of memory in a password check that needs "
                            + (memoryBytes / (KIB * KIB)) + " MiB; give the JVM more heap (-Xmx) or lower "
                            + FileAuthSettings.MAX_HASH_MEMORY);
                } finally {
                    memory.release(kib);
                    slots.release();
                }
            });
        } catch (RejectedExecutionException e) {
            memory.release(kib);
            slots.release();
            return java.util.concurrent.CompletableFuture.completedFuture(
                    AuthOutcome.unavailable("the file authenticator is closed"));
        }
    }

    private static AuthOutcome await(Future<AuthOutcome> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AuthOutcome.unavailable("interrupted while the password was being checked");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Returns how many checks are computing now. */
    int active() {
        return threads - slots.availablePermits();
    }

    /** Returns how many callers wait for a slot or memory now. */
    int waiting() {
        return waiting.get();
    }

    /** Returns the bytes of budget the running checks hold. */
    long memoryInUse() {
        return (budgetKib - (long) memory.availablePermits()) * KIB;
    }

    /** Returns how many callers gave up waiting since start. */
    long timeouts() {
        return timeouts.get();
    }

    /** Returns how many checks ran out of memory since start. */
    long outOfMemory() {
        return outOfMemory.get();
    }

    /** Stops the threads; a running check finishes first, for at most 5 s. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
