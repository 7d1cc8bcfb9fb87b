package dev.push3.auth.pop3;

import dev.push3.api.auth.Credentials;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers successful logins for {@code auth.pop3.cache-ttl}, so that a client that logs
 * in often does not cost a POP3 session each time. Thread-safe.
 *
 * <p>An entry is keyed by a {@link CredentialDigest}: neither the password nor an unsalted
 * hash of it is kept. Only accepted logins are remembered; a rejected one always goes to the server.
 * A changed password is seen by the server at once, but the old one keeps working from the
 * cache until its entry expires.
 */
final class LoginCache {
    private final Duration ttl;
    private final int maxEntries;
    private final InstantSource clock;
    private final CredentialDigest digest;
    private final ConcurrentHashMap<String, Instant> expiries = new ConcurrentHashMap<>();

    /**
     * Creates a cache.
     *
     * @param ttl how long an entry lives; zero turns the cache off
     * @param maxEntries the most entries kept; when full, new logins are not remembered
     * @param clock the time source; not null
     * @param digest the key of each entry; not null
     */
    LoginCache(Duration ttl, int maxEntries, InstantSource clock, CredentialDigest digest) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.digest = digest;
    }

    /**
     * Creates a cache with a digest of its own.
     *
     * @param ttl how long an entry lives; zero turns the cache off
     * @param maxEntries the most entries kept; when full, new logins are not remembered
     * @param clock the time source; not null
     */
    LoginCache(Duration ttl, int maxEntries, InstantSource clock) {
        this(ttl, maxEntries, clock, new CredentialDigest());
    }

    /**
     * Tells whether these credentials logged in successfully less than the TTL ago.
     *
     * @param credentials the credentials; not null
     * @return true on a live entry
     */
    boolean remembers(Credentials credentials) {
        if (ttl.isZero()) {
            return false;
        }
        String id = id(credentials);
        Instant expiry = expiries.get(id);
        if (expiry == null) {
            return false;
        }
        if (clock.instant().isBefore(expiry)) {
            return true;
        }
        expiries.remove(id, expiry);
        return false;
    }

    /**
     * Remembers a successful login.
     *
     * @param credentials the credentials the server accepted; not null
     */
    void remember(Credentials credentials) {
        if (ttl.isZero()) {
            return;
        }
        Instant now = clock.instant();
        if (expiries.size() >= maxEntries) {
            expiries.values().removeIf(expiry -> !now.isBefore(expiry));
            if (expiries.size() >= maxEntries) {
                return;
            }
        }
        expiries.put(id(credentials), now.plus(ttl));
    }

    /**
     * Returns how many entries are held, expired ones included until they are swept.
     *
     * @return the number of entries
     */
    int size() {
        return expiries.size();
    }

    private String id(Credentials credentials) {
        return digest.of(credentials);
    }
}
