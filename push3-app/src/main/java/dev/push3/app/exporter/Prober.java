package dev.push3.app.exporter;

import dev.push3.core.client.PlaintextLogin;
import dev.push3.core.client.Push3Client;
import dev.push3.core.client.Push3Exception;
import dev.push3.core.wire.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one probe: connect (with the module's TLS), LOGIN, METRICS, QUIT, within a deadline.
 * The probe runs on a virtual thread of the given executor; when the deadline passes it is
 * interrupted, which closes its socket, and the result says the time ran out.
 */
final class Prober {
    private final ExecutorService threads;

    /** @param threads runs the probes; one virtual thread per probe */
    Prober(ExecutorService threads) {
        this.threads = threads;
    }

    /**
     * Probes one target.
     *
     * @param target where to connect; not null
     * @param module how to log in; not null
     * @param deadline the longest the probe may take; positive
     * @return the result, never null; every failure is a {@link ProbeResult.Failed}
     */
    ProbeResult probe(Target target, ProbeModule module, Duration deadline) {
        long start = System.nanoTime();
        Future<ProbeResult> running = threads.submit(() -> run(target, module, deadline, start));
        try {
            return running.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            return new ProbeResult.Failed("no answer within " + deadline.toMillis() + " ms", since(start));
        } catch (ExecutionException e) {
            return new ProbeResult.Failed("probe failed: " + e.getCause(), since(start));
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            return new ProbeResult.Failed("interrupted", since(start));
        }
    }

    private static ProbeResult run(Target target, ProbeModule module, Duration deadline, long start) {
        try (Push3Client client = Push3Client.connect(target.host(), target.port(), deadline, module.tls())) {
            Reply login = client.login(module.user(), module.password());
            if (login instanceof Reply.Fail fail) {
                return new ProbeResult.Failed("LOGIN as " + module.user() + " refused: " + fail.text(), since(start));
            }
            return new ProbeResult.Succeeded(client.metrics(), since(start));
        } catch (Push3Exception e) {
            return new ProbeResult.Failed(e.failText().isPresent() ? "METRICS refused: " + e.getMessage() : e.getMessage(),
                    since(start));
        } catch (IOException | PlaintextLogin.RefusedException | IllegalArgumentException e) {
            return new ProbeResult.Failed(String.valueOf(e.getMessage()), since(start));
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
