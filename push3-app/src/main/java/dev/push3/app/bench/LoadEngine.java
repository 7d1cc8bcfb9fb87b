package dev.push3.app.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a {@link LoadPlan}: each client is a platform thread on blocking sockets that sends a
 * request and waits for its reply before the next (a closed loop, as {@code redis-benchmark}
 * does). Clients start together, run the warm-up unmeasured, then the measured part. A
 * broken connection counts as an error and the client connects again.
 */
public final class LoadEngine {
    private final LoadPlan plan;
    private final byte[] login;
    private final byte[] batch;
    private final byte[] quit;

    /**
     * Prepares a run; the requests are encoded here, once.
     *
     * @param plan the run; not null
     */
    public LoadEngine(LoadPlan plan) {
        this.plan = plan;
        this.login = plan.protocol().login(plan.user(), plan.password());
        byte[] request = plan.protocol().request(plan.command());
        this.batch = new byte[request.length * plan.pipeline()];
        for (int i = 0; i < plan.pipeline(); i++) {
            System.arraycopy(request, 0, batch, i * request.length, request.length);
        }
        this.quit = plan.protocol().quit();
    }

    /**
     * Checks that the server answers a log-in, so that a wrong port or password is one clear
     * error rather than a run full of errors.
     *
     * @throws IOException when the server cannot be reached or refuses the log-in
     */
    public void probe() throws IOException {
        try (WireConnection connection = WireConnection.open(plan.server(), plan.source(0), plan.timeoutMillis())) {
            connection.send(login);
            if (!plan.protocol().readReply(connection)) {
                throw new IOException("the server refused the log-in as " + (plan.user().isEmpty() ? "(no user)" : plan.user()));
            }
        }
    }

    /**
     * Runs the plan; blocks until every client is done.
     *
     * @return the measurements; never null
     * @throws InterruptedException when interrupted while waiting for the clients
     */
    public LoadResult run() throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(plan.clients());
        Clock clock = new Clock(plan);
        List<Future<Tally>> futures = new ArrayList<>();
        try (ExecutorService clients = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("bench-client-", 0).factory())) {
            for (int i = 0; i < plan.clients(); i++) {
                int index = i;
                futures.add(clients.submit(() -> client(index, ready, clock)));
            }
        }
        long operations = 0;
        long errors = 0;
        long lastEnd = clock.measureFrom;
        List<long[]> latencies = new ArrayList<>();
        for (Future<Tally> future : futures) {
            try {
                Tally tally = future.get();
                operations += tally.operations;
                errors += tally.errors;
                lastEnd = Math.max(lastEnd, tally.lastEnd);
                latencies.add(Arrays.copyOf(tally.latencies, tally.count));
            } catch (ExecutionException e) {
                throw new IllegalStateException("a load client failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new LoadResult(plan, operations, errors, (lastEnd - clock.measureFrom) / 1e9, all);
    }

    /**
     * When the warm-up ends and the run stops, set once when every client is ready; and
     * whether a client failed before the start, so that none waits for it.
     */
    private static final class Clock {
        private final LoadPlan plan;
        private volatile boolean failed;
        private volatile long measureFrom;
        private volatile long end;

        Clock(LoadPlan plan) {
            this.plan = plan;
        }

        synchronized void start() {
            if (end == 0) {
                measureFrom = System.nanoTime() + plan.warmup().toNanos();
                end = measureFrom + plan.duration().toNanos();
            }
        }
    }

    /** One client's count; latencies grow as needed. */
    private static final class Tally {
        long operations;
        long errors;
        long lastEnd;
        long[] latencies = new long[4096];
        int count;

        void record(long startNanos, long endNanos, int requests, boolean ok) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = endNanos - startNanos;
            operations += requests;
            if (!ok) {
                errors++;
            }
            lastEnd = endNanos;
        }
    }

    private Tally client(int index, CountDownLatch ready, Clock clock) throws Exception {
        WireConnection connection;
        try {
            connection = plan.mode() == LoadPlan.Mode.PERSISTENT ? loggedIn(index) : null;
        } catch (IOException | RuntimeException e) {
            clock.failed = true; // the others must not wait for this client at the start for ever
            ready.countDown();
            throw e;
        }
        ready.countDown();
        ready.await();
        if (clock.failed) {
            if (connection != null) {
                connection.close();
            }
            throw new IOException("another client could not connect and log in");
        }
        clock.start();
        long quota = plan.requests() > 0 ? Math.max(1, plan.requests() / plan.clients()) : Long.MAX_VALUE;
        Tally tally = new Tally();
        long connections = index;
        try {
            while (tally.operations < quota) {
                long t0 = System.nanoTime();
                if (t0 >= clock.end) {
                    break;
                }
                boolean ok;
                try {
                    if (plan.mode() == LoadPlan.Mode.SESSIONS) {
                        ok = session(connections);
                        connections += plan.clients();
                    } else {
                        ok = batch(connection);
                    }
                } catch (IOException e) {
                    ok = false;
                    connection = reconnect(connection, index);
                }
                long t1 = System.nanoTime();
                if (t0 >= clock.measureFrom) {
                    tally.record(t0, t1, plan.mode() == LoadPlan.Mode.PERSISTENT ? plan.pipeline() : 1, ok);
                }
            }
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
        return tally;
    }

    private boolean batch(WireConnection connection) throws IOException {
        if (connection == null) {
            throw new IOException("not connected");
        }
        connection.send(batch);
        boolean ok = true;
        for (int i = 0; i < plan.pipeline(); i++) {
            ok &= plan.protocol().readReply(connection);
        }
        return ok;
    }

    private boolean session(long n) throws IOException {
        try (WireConnection connection = WireConnection.open(plan.server(), plan.source(n), plan.timeoutMillis())) {
            connection.send(login);
            boolean ok = plan.protocol().readReply(connection);
            connection.send(batch);
            for (int i = 0; i < plan.pipeline(); i++) {
                ok &= plan.protocol().readReply(connection);
            }
            connection.send(quit);
            return plan.protocol().readReply(connection) && ok;
        }
    }

    private WireConnection loggedIn(int index) throws IOException {
        WireConnection connection = WireConnection.open(plan.server(), plan.source(index), plan.timeoutMillis());
        try {
            connection.send(login);
            if (!plan.protocol().readReply(connection)) {
                throw new IOException("the server refused the log-in");
            }
            return connection;
        } catch (IOException e) {
            connection.close();
            throw e;
        }
    }

    /** After a broken connection: a new one, or null when the server cannot be reached now. */
    private WireConnection reconnect(WireConnection broken, int index) {
        if (plan.mode() == LoadPlan.Mode.SESSIONS) {
            return null;
        }
        try {
            if (broken != null) {
                broken.close();
            }
            return loggedIn(index);
        } catch (IOException e) {
            return null;
        }
    }
}
