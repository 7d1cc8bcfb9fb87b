package dev.push3.core.session;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The failure penalty of each client address across its connections, after Dovecot's
 * {@code auth_penalty} (anvil): the LOGINs of one address are checked one at a time, in
 * arrival order, so a burst on many connections cannot race ahead of the penalty; every
 * rejected LOGIN raises the address's penalty (2 s, 4 s, 8 s ... at most the configured
 * maximum); while penalized, the address's next LOGIN is checked only when the penalty,
 * counted from its last failure, has passed. A success does not clear the penalty: a
 * guesser who owns one account could otherwise wipe it between guesses.
 *
 * <p>An address's failures are forgotten {@value #FORGET_FACTOR} times the maximum penalty
 * after its last failure (10 min with the 15 s default). The table holds at most
 * {@value #MAX_ADDRESSES} addresses: when it is full and nothing can be forgotten, further
 * addresses share one entry, so an attacker with many addresses neither grows the memory
 * nor escapes the penalty (his new addresses are throttled together).
 *
 * <p>Thread-safe; called from session threads, and by the server's housekeeping thread for
 * {@link #forgetExpired}.
 */
public final class AuthPenalty {
    /** The first penalty, as Dovecot's. */
    public static final Duration INITIAL = Duration.ofSeconds(2);
    /** How many times the maximum penalty an address must stay quiet to be forgotten. */
    public static final int FORGET_FACTOR = 40;
    /** The most addresses remembered at once. */
    public static final int MAX_ADDRESSES = 65_536;

    /** Where addresses go when the table is full: 0.0.0.0, from which no client connects. */
    private static final ClientNetwork OVERFLOW = overflow();
    private static final Turn NO_PENALTY = new Turn(null, null, null);

    /** Changed at run time by {@code auth.penalty.max}; read once per LOGIN. */
    private volatile long maxNanos;
    private volatile long forgetNanos;
    private final int capacity;
    private final Map<ClientNetwork, Entry> table = new ConcurrentHashMap<>();

    /** One address: its turn lock and its failures. Users and removal are guarded by the map. */
    private static final class Entry {
        final ReentrantLock turn = new ReentrantLock(true);
        int users;
        volatile int failures;
        volatile long lastFailure;
    }

    /**
     * The right to check one LOGIN of an address; close it when the check is done.
     * Used by one session thread.
     */
    public static final class Turn implements AutoCloseable {
        private final AuthPenalty penalty;
        private final ClientNetwork key;
        private final Entry entry;

        private Turn(AuthPenalty penalty, ClientNetwork key, Entry entry) {
            this.penalty = penalty;
            this.key = key;
            this.entry = entry;
        }

        /** Records a rejected LOGIN: the address's penalty rises. */
        public void failed() {
            if (entry != null) {
                entry.lastFailure = System.nanoTime();
                entry.failures = Math.min(entry.failures + 1, 32);
            }
        }

        /** Lets the address's next LOGIN be checked. */
        @Override
        public void close() {
            if (entry != null) {
                entry.turn.unlock();
                penalty.leave(key, entry);
            }
        }
    }

    /**
     * Creates the table.
     *
     * @param max the longest penalty; zero turns the penalty off
     */
    public AuthPenalty(Duration max) {
        this(max, MAX_ADDRESSES);
    }

    AuthPenalty(Duration max, int capacity) {
        maximum(max);
        this.capacity = capacity;
    }

    /**
     * Changes the longest penalty ({@code auth.penalty.max} changed at run time): LOGINs
     * checked from now on wait for penalties under the new maximum; zero turns the penalty off.
     *
     * @param max the longest penalty; not negative
     */
    public void maximum(Duration max) {
        forgetNanos = Math.multiplyExact(max.toNanos(), FORGET_FACTOR);
        maxNanos = max.toNanos();
    }

    /**
     * Waits for the address's turn, then for its penalty. The time left bounds both waits.
     *
     * @param network the client's network; not null
     * @param timeLeft how long the caller may wait; not null
     * @return the turn, to close after the check; empty when the time ran out first
     * @throws InterruptedException when the server shuts down meanwhile
     */
    public Optional<Turn> await(ClientNetwork network, Duration timeLeft) throws InterruptedException {
        if (maxNanos == 0) {
            return Optional.of(NO_PENALTY);
        }
        long deadline = System.nanoTime() + (timeLeft.getSeconds() > 1_000_000_000L ? Long.MAX_VALUE / 4 : timeLeft.toNanos());
        ClientNetwork key = admit(network);
        Entry entry = enter(key);
        boolean locked = false;
        try {
            locked = entry.turn.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (locked && waitPenalty(entry, deadline)) {
                return Optional.of(new Turn(this, key, entry));
            }
        } catch (InterruptedException e) {
            release(key, entry, locked);
            throw e;
        }
        release(key, entry, locked);
        return Optional.empty();
    }

    private boolean waitPenalty(Entry entry, long deadline) throws InterruptedException {
        long wait = penaltyEnd(entry) - System.nanoTime();
        if (wait <= 0) {
            return true;
        }
        long allowed = deadline - System.nanoTime();
        TimeUnit.NANOSECONDS.sleep(Math.min(wait, Math.max(0, allowed)));
        return wait <= allowed;
    }

    private long penaltyEnd(Entry entry) {
        int failures = entry.failures;
        if (failures == 0) {
            return System.nanoTime();
        }
        long penalty = Math.min(INITIAL.toNanos() << Math.min(failures - 1, 20), maxNanos);
        return entry.lastFailure + penalty;
    }

    private ClientNetwork admit(ClientNetwork network) {
        if (table.containsKey(network) || table.size() < capacity) {
            return network;
        }
        forgetExpired();
        return table.size() < capacity ? network : OVERFLOW;
    }

    private Entry enter(ClientNetwork key) {
        return table.compute(key, (k, entry) -> {
            Entry e = entry == null ? new Entry() : entry;
            e.users++;
            return e;
        });
    }

    private void release(ClientNetwork key, Entry entry, boolean locked) {
        if (locked) {
            entry.turn.unlock();
        }
        leave(key, entry);
    }

    private void leave(ClientNetwork key, Entry entry) {
        long now = System.nanoTime();
        table.computeIfPresent(key, (k, e) -> --e.users == 0 && forgotten(e, now) ? null : e);
    }

    private boolean forgotten(Entry entry, long now) {
        return entry.failures == 0 || now - entry.lastFailure >= forgetNanos;
    }

    /** Drops the addresses whose failures are forgotten and that have no LOGIN waiting. */
    public void forgetExpired() {
        long now = System.nanoTime();
        table.keySet().forEach(key -> table.computeIfPresent(key, (k, e) -> e.users == 0 && forgotten(e, now) ? null : e));
    }

    /**
     * Counts the addresses whose failures are still remembered, for
     * {@code push3.auth.penalized_addresses}.
     *
     * @return the count
     */
    public int penalizedAddresses() {
        long now = System.nanoTime();
        return (int) table.values().stream().filter(e -> !forgotten(e, now)).count();
    }

    private static ClientNetwork overflow() {
        try {
            return new ClientNetwork(InetAddress.getByAddress(new byte[4]));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("4 octets are always an IPv4 address", e);
        }
    }

    /**
     * Tells how often {@link #forgetExpired} is worth running.
     *
     * @return the interval; zero when the penalty is off
     */
    public Duration sweepInterval() {
        return Duration.ofNanos(Math.min(forgetNanos, Duration.ofMinutes(1).toNanos()));
    }
}
