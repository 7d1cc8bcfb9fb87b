package dev.push3.app.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens many logged-in sessions and holds them idle, to measure what an idle session costs
 * the server and how many it can hold. The sessions are opened by the plan's clients in
 * parallel, connecting from the plan's source addresses in turn; a held session has no
 * thread, only its socket.
 */
public final class SessionHold implements AutoCloseable {
    private final List<WireConnection> held = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong failures = new AtomicLong();
    private volatile String firstFailure = "";

    /** What opening the sessions gave. */
    public record Opened(int sessions, long failures, double seconds, String firstFailure) {
        /**
         * Returns the one-line summary.
         *
         * @return for example {@code holding 50000 logged-in sessions (opened in 12.3 s), 0 failed}
         */
        public String summary() {
            return String.format(java.util.Locale.ROOT, "holding %d logged-in sessions (opened in %.1f s), %d failed%s",
                    sessions, seconds, failures, failures == 0 ? "" : " (first: " + firstFailure + ")");
        }
    }

    /**
     * Opens the sessions; blocks until each was opened or failed.
     *
     * @param plan the server, protocol, credentials, source addresses and parallelism
     * @param sessions how many to open
     * @return what was opened; never null
     */
    public Opened open(LoadPlan plan, int sessions) {
        byte[] login = plan.protocol().login(plan.user(), plan.password());
        AtomicLong next = new AtomicLong();
        long t0 = System.nanoTime();
        try (ExecutorService openers = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("bench-hold-", 0).factory())) {
            for (int i = 0; i < plan.clients(); i++) {
                openers.execute(() -> {
                    for (long n = next.getAndIncrement(); n < sessions; n = next.getAndIncrement()) {
                        openOne(plan, login, n);
                    }
                });
            }
        }
        return new Opened(held.size(), failures.get(), (System.nanoTime() - t0) / 1e9, firstFailure);
    }

    private void openOne(LoadPlan plan, byte[] login, long n) {
        WireConnection connection = null;
        try {
            connection = WireConnection.open(plan.server(), plan.source(n), plan.timeoutMillis());
            connection.send(login);
            if (!plan.protocol().readReply(connection)) {
                throw new IOException("log-in refused");
            }
            held.add(connection);
        } catch (IOException e) {
            if (failures.getAndIncrement() == 0) {
                firstFailure = e.toString();
            }
            closeQuietly(connection);
        }
    }

    /** Closes every held session. */
    @Override
    public void close() {
        synchronized (held) {
            held.forEach(SessionHold::closeQuietly);
            held.clear();
        }
    }

    private static void closeQuietly(WireConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // closing at the end of a hold; nothing to do
            }
        }
    }
}
