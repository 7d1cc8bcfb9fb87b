package dev.push3.app.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a load run does.
 *
 * @param protocol what the server speaks
 * @param server where it listens
 * @param sources local addresses to connect from, used in turn (several spread the
 *     ephemeral ports of many connections); empty for the system's choice
 * @param user the user to log in as (for Redis, empty sends {@code AUTH password})
 * @param password the password; never printed
 * @param command the request a persistent client repeats
 * @param mode persistent connections or whole sessions
 * @param clients how many clients run at once, each waiting for its reply before the next request
 * @param pipeline requests a persistent client sends before reading their replies
 * @param warmup how long clients run before measuring starts
 * @param duration how long the measured part lasts
 * @param requests with a positive value, each client stops after its share of this many
 *     measured operations, even before {@code duration}
 * @param timeout the longest wait to connect and for each reply
 */
public record LoadPlan(WireProtocol protocol, InetSocketAddress server, List<InetAddress> sources, String user,
        String password, String command, Mode mode, int clients, int pipeline, Duration warmup, Duration duration,
        long requests, Duration timeout) {

    /** The most clients one run may have: each is a platform thread. */
    public static final int MAX_CLIENTS = 2000;

    /** What one measured operation is. */
    public enum Mode {
        /** One request (or one pipelined batch) on a connection that stays logged in. */
        PERSISTENT,
        /** A whole session: connect, log in, one request, QUIT. */
        SESSIONS
    }

    /** Checks the plan. */
    public LoadPlan {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(server, "server");
        sources = List.copyOf(sources);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(mode, "mode");
        if (clients < 1 || clients > MAX_CLIENTS) {
            throw new IllegalArgumentException("clients must be 1 to " + MAX_CLIENTS + ", was " + clients);
        }
        if (pipeline < 1) {
            throw new IllegalArgumentException("pipeline must be at least 1, was " + pipeline);
        }
    }

    /** Returns the local address for the n-th connection, or null for the system's choice. */
    InetAddress source(long n) {
        return sources.isEmpty() ? null : sources.get((int) (n % sources.size()));
    }

    int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }
}
