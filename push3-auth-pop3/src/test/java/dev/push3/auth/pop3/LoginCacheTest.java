package dev.push3.auth.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.auth.Credentials;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LoginCacheTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final InstantSource clock = now::get;

    @Test
    void remembersUntilTheTtlRunsOut() {
        LoginCache cache = new LoginCache(Duration.ofMinutes(5), 100, clock);
        Credentials alice = new Credentials("alice", "secret");
        cache.remember(alice);

        now.set(now.get().plusSeconds(299));
        assertThat(cache.remembers(alice)).isTrue();
        now.set(now.get().plusSeconds(1));
        assertThat(cache.remembers(alice)).isFalse();
        assertThat(cache.size()).isZero();
    }

    @Test
    void matchesTheExactUserAndPasswordOnly() {
        LoginCache cache = new LoginCache(Duration.ofMinutes(5), 100, clock);
        cache.remember(new Credentials("alice", "secret"));

        assertThat(cache.remembers(new Credentials("alice", "secreT"))).isFalse();
        assertThat(cache.remembers(new Credentials("bob", "secret"))).isFalse();
        // The separator keeps "ab"+"c" apart from "a"+"bc".
        cache.remember(new Credentials("ab", "c"));
        assertThat(cache.remembers(new Credentials("a", "bc"))).isFalse();
    }

    @Test
    void isOffWithAZeroTtl() {
        LoginCache cache = new LoginCache(Duration.ZERO, 100, clock);
        cache.remember(new Credentials("alice", "secret"));

        assertThat(cache.remembers(new Credentials("alice", "secret"))).isFalse();
        assertThat(cache.size()).isZero();
    }

    @Test
    void staysWithinItsSizeSweepingExpiredEntriesFirst() {
        LoginCache cache = new LoginCache(Duration.ofMinutes(1), 2, clock);
        cache.remember(new Credentials("a", "1"));
        cache.remember(new Credentials("b", "2"));
        cache.remember(new Credentials("c", "3"));
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.remembers(new Credentials("c", "3"))).isFalse();

        now.set(now.get().plusSeconds(61));
        cache.remember(new Credentials("c", "3"));
        assertThat(cache.remembers(new Credentials("c", "3"))).isTrue();
        assertThat(cache.size()).isEqualTo(1);
    }
}
