package dev.push3.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.settings.ServerSettings;
import dev.push3.core.wire.Reply;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server core under abuse (issue 10): careless clients, failing plugins and gauges,
 * failing start-up. Each test talks to the real server over real TCP.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AbuseTest {
    private static final InetAddress ADDRESS_2 = loopback(2);
    private static final InetAddress ADDRESS_3 = loopback(3);
    private final UsersAuthenticator users = new UsersAuthenticator(Map.of("alice", "secret"));
    private Push3Server server;

    private Push3Server start(UnaryOperator<ServerSettings.Builder> settings, Backends backends, MetricRegistry registry)
            throws IOException {
        ServerSettings.Builder builder = ServerSettings.builder()
                .bind(InetAddress.getLoopbackAddress()).port(0).failureDelay(Duration.ZERO);
        server = Push3Server.start(settings.apply(builder).build(), backends, registry);
        return server;
    }

    private Push3Server start(UnaryOperator<ServerSettings.Builder> settings) throws IOException {
        return start(settings, Backends.of("test", users), new MetricRegistry());
    }

    private static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // --- 1. Replies held back ---------------------------------------------------------

    @Test
    void aPartialNextLineDoesNotHoldBackTheReply() throws IOException {
        start(b -> b);
        try (WireClient c = new WireClient(server.port())) {
            c.timeout(5_000); // far below the 60 s idle timeout that used to release the reply
            c.send("CAPA\r\nCA");
            assertThat(c.line()).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
            c.send("PA\r\nLOGIN alice secret\r\nCAPA\r\nMET");
            assertThat(c.line()).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
            assertThat(c.line()).isEqualTo("->SUCCESS: logged in");
            assertThat(c.line()).isEqualTo("->SUCCESS: CAPA FINISH METRICS QUIT");
            c.send("RICS\r\n");
            assertThat(c.line()).startsWith("->SUCCESS: ").contains("inprocess.up=1");
        }
    }

    /** A LOGIN that blocks until released, as one waiting for its penalty or a slow backend does. */
    private static final class BlockingAuthenticator implements Authenticator {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public AuthOutcome authenticate(Credentials credentials) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return AuthOutcome.rejected();
        }
    }

    @Test
    void aSlowPipelinedLoginDoesNotHoldBackTheRepliesBeforeIt() throws Exception {
        BlockingAuthenticator slow = new BlockingAuthenticator();
        start(b -> b, Backends.of("slow", slow), new MetricRegistry());
        try (WireClient c = new WireClient(server.port())) {
            c.send("CAPA\r\nLOGIN alice wrong\r\n");
            assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
            c.timeout(5_000);
            assertThat(c.line()).as("CAPA's reply while the LOGIN is still being checked")
                    .isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
            slow.release.countDown();
            assertThat(c.line()).isEqualTo("->FAIL: invalid credentials");
        }
    }

    // --- 2. A client that stops reading -----------------------------------------------

    @Test
    void aClientThatStopsReadingIsCutOffByTheWriteTimeoutAndFreesItsPermit() throws Exception {
        start(b -> b.maxConnections(1).writeTimeout(Duration.ofMillis(500)));
        CountDownLatch cutOff = new CountDownLatch(1);
        try (Socket stuck = new Socket()) {
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            byte[] requests = "CAPA\r\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        stuck.getOutputStream().write(requests); // and never read a reply
                    }
                } catch (IOException e) {
                    cutOff.countDown(); // the server closed the connection
                }
            });
            // The only permit is the stuck session's until the write timeout ends it.
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (WireClient other = new WireClient(server.port())) {
                    return other.request("CAPA").equals("->SUCCESS: CAPA FINISH LOGIN QUIT");
                }
            });
            assertThat(cutOff.await(10, TimeUnit.SECONDS)).isTrue();
            // The one permit comes back when the client before has gone; retry until it has.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                try (WireClient other = new WireClient(server.port())) {
                    other.request("LOGIN alice secret");
                    return other.request("METRICS").contains("push3.connections.write_timeouts=1");
                }
            });
        }
        long start = System.nanoTime();
        server.close(); // shutdown is still prompt
        // Generous: a shutdown that waited for the stuck client would not end at all.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(users.closed).isTrue();
    }

    // --- 3. Unauthenticated sessions live forever -----------------------------------

    @Test
    void aClientThatKeepsTalkingWithoutLoginIsClosedAtTheLoginTimeout() throws Exception {
        start(b -> b.loginTimeout(Duration.ofSeconds(1)));
        try (WireClient talker = new WireClient(server.port()); WireClient silent = new WireClient(server.port());
                WireClient user = new WireClient(server.port())) {
            long start = System.nanoTime();
            assertThat(user.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            AtomicReference<String> reply = new AtomicReference<>();
            // The talker asks every 50 ms: never idle, yet never logged in.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                reply.set(talker.request("CAPA"));
                return !reply.get().equals("->SUCCESS: CAPA FINISH LOGIN QUIT");
            });
            assertThat(reply.get()).isEqualTo("->FAIL: login timeout, closing");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(talker.closedByServer()).isTrue();
            // Silence before LOGIN also ends at the login timeout, not the (longer) idle timeout.
            assertThat(silent.line()).isEqualTo("->FAIL: login timeout, closing");
            assertThat(silent.closedByServer()).isTrue();
            // A session that logged in is not bound by it.
            assertThat(user.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH METRICS QUIT");
        }
    }

    @Test
    void aLoginWaitingForItsPenaltyEndsAtTheLoginTimeout() throws Exception {
        start(b -> b.loginTimeout(Duration.ofMillis(800)).penaltyMax(Duration.ofSeconds(15)));
        try (WireClient c = new WireClient(server.port())) {
            assertThat(c.request("LOGIN alice wrong")).isEqualTo("->FAIL: invalid credentials");
            // The next check would wait 2 s, past the login timeout.
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->FAIL: login timeout, closing");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    // --- 4. Per-address limits ----------------------------------------------------------

    @Test
    void oneAddressCannotTakeEveryConnection() throws Exception {
        start(b -> b.maxConnectionsPerAddress(2));
        try (WireClient first = new WireClient(server.port(), ADDRESS_2);
                WireClient second = new WireClient(server.port(), ADDRESS_2)) {
            assertThat(first.request("CAPA")).startsWith("->SUCCESS");
            assertThat(second.request("CAPA")).startsWith("->SUCCESS");
            try (WireClient third = new WireClient(server.port(), ADDRESS_2)) {
                assertThat(third.line()).isEqualTo("->FAIL: too many connections from your address");
                assertThat(third.closedByServer()).isTrue();
            }
            try (WireClient elsewhere = new WireClient(server.port(), ADDRESS_3)) {
                assertThat(elsewhere.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
            }
            assertThat(first.request("QUIT")).isEqualTo("->SUCCESS: bye");
            // The place comes back once the session has ended.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (WireClient again = new WireClient(server.port(), ADDRESS_2)) {
                    return again.request("CAPA").startsWith("->SUCCESS");
                }
            });
            assertThat(second.request("LOGIN alice secret")).startsWith("->SUCCESS");
            assertThat(second.request("METRICS")).contains("push3.connections.refused=");
        }
    }

    /** Counts how many checks run at once, to show an address's LOGINs go one at a time. */
    private static final class ConcurrencyProbe implements Authenticator {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final AtomicInteger checks = new AtomicInteger();
        private final Authenticator inner;

        ConcurrencyProbe(Authenticator inner) {
            this.inner = inner;
        }

        @Override
        public AuthOutcome authenticate(Credentials credentials) {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20); // a check takes a moment, as a hash does
                return inner.authenticate(credentials);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return AuthOutcome.unavailable("interrupted");
            } finally {
                running.decrementAndGet();
                checks.incrementAndGet();
            }
        }
    }

    @Test
    void aBurstOfWrongLoginsFromOneAddressIsCheckedOneAtATimeAfterEachPenalty() throws Exception {
        Duration penalty = Duration.ofMillis(300);
        ConcurrencyProbe probe = new ConcurrencyProbe(users);
        start(b -> b.penaltyMax(penalty).maxLoginFailures(10), Backends.of("test", probe), new MetricRegistry());
        List<WireClient> burst = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                burst.add(new WireClient(server.port(), ADDRESS_2));
            }
            long start = System.nanoTime();
            for (WireClient c : burst) {
                c.send("LOGIN alice guess\r\n");
            }
            for (WireClient c : burst) {
                assertThat(c.line()).isEqualTo("->FAIL: invalid credentials");
            }
            // The first guess is checked at once, each later one only after the penalty.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(penalty.multipliedBy(4));
            assertThat(probe.most).hasValue(1);

            // The address is penalized: even the right password waits; another address does not.
            WireClient owner = burst.getFirst();
            owner.send("LOGIN alice secret\r\n");
            try (WireClient elsewhere = new WireClient(server.port(), ADDRESS_3)) {
                assertThat(elsewhere.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
                assertThat(owner.available()).as("the penalized address's LOGIN is still waiting").isFalse();
                assertThat(elsewhere.request("METRICS")).contains("push3.auth.penalized_addresses=1");
            }
            assertThat(owner.line()).isEqualTo("->SUCCESS: logged in");
        } finally {
            for (WireClient c : burst) {
                c.close();
            }
        }
    }

    @Test
    void aZeroPenaltyTurnsThePenaltyOff() throws Exception {
        start(b -> b.penaltyMax(Duration.ZERO).maxLoginFailures(10));
        try (WireClient c = new WireClient(server.port(), ADDRESS_2)) {
            for (int i = 0; i < 5; i++) {
                assertThat(c.request("LOGIN alice guess")).isEqualTo("->FAIL: invalid credentials");
            }
            long start = System.nanoTime();
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            // Generous: after five failures a penalized LOGIN waits its 15 s maximum (2 s, 4 s, 8 s, then 15 s).
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(c.request("METRICS")).contains("push3.auth.penalized_addresses=0");
        }
    }

    // --- 6. Errors in plugins never drop a session without a reply ---------------------

    /** An authenticator whose backend fails in every way a plugin can: by user name. */
    private static final class ThrowingAuthenticator implements Authenticator {
        final AtomicBoolean closed = new AtomicBoolean();
        volatile boolean metricsFail;

        @Override
        public AuthOutcome authenticate(Credentials credentials) {
            return switch (credentials.user()) {
                case "oom" -> throw new OutOfMemoryError("Java heap space");
                case "error" -> throw new StackOverflowError();
                case "boom" -> throw new IllegalStateException("backend bug");
                case "null" -> null;
                default -> credentials.password().equals("secret")
                        ? AuthOutcome.accepted(credentials.user()) : AuthOutcome.rejected();
            };
        }

        @Override
        public MetricsSnapshot metrics() {
            if (metricsFail) {
                throw new OutOfMemoryError("Java heap space");
            }
            return MetricsSnapshot.builder().put("push3.auth.test.users", 1).build();
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void anAuthenticatorThrowingAnErrorGetsAFailReplyAndTheSessionGoesOn() throws IOException {
        ThrowingAuthenticator failing = new ThrowingAuthenticator();
        start(b -> b, Backends.of("test", failing), new MetricRegistry());
        try (WireClient c = new WireClient(server.port())) {
            for (String user : new String[] {"oom", "error", "boom", "null"}) {
                assertThat(c.request("LOGIN " + user + " secret"))
                        .as(user).isEqualTo("->FAIL: authentication backend unavailable, try again later");
            }
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            assertThat(c.request("METRICS")).contains("push3.logins.unavailable=4");
        }
    }

    @Test
    void anAuthenticatorWhoseOwnCountersThrowAnErrorStillLetsMetricsAnswer() throws IOException {
        ThrowingAuthenticator failing = new ThrowingAuthenticator();
        start(b -> b, Backends.of("test", failing), new MetricRegistry());
        try (WireClient c = new WireClient(server.port())) {
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            assertThat(c.request("METRICS")).contains("push3.auth.test.users=1");
            failing.metricsFail = true;
            assertThat(c.request("METRICS")).startsWith("->SUCCESS: ").contains("inprocess.up=1")
                    .doesNotContain("push3.auth.test.users");
            assertThat(c.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH METRICS QUIT");
        }
    }

    @Test
    void aMetricsSourceThrowingAnErrorIsReportedDownAndMetricsAnswers() throws IOException {
        dev.push3.api.metrics.MetricsSource failing = () -> {
            throw new OutOfMemoryError("Java heap space");
        };
        start(b -> b, Backends.of("test", users).withSource("broken", failing), new MetricRegistry());
        try (WireClient c = new WireClient(server.port())) {
            c.request("LOGIN alice secret");
            assertThat(c.request("METRICS")).startsWith("->SUCCESS: ").contains("broken.up=0", "inprocess.up=1");
            assertThat(c.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH METRICS QUIT");
        }
    }

    /**
     * A source that gives more than {@code metrics.max-reply-size} (here 16,000 metrics, some
     * 280 KB, against 4 KB; a real one gave 15 MB and the session ran out of memory) gets the
     * request a FAIL naming the limit; the session goes on, and a reply that fits again is sent.
     */
    @Test
    void aMetricsReplyOverTheSizeLimitIsAFailNamingItAndTheSessionGoesOn() throws IOException {
        AtomicInteger count = new AtomicInteger(16_000);
        dev.push3.api.metrics.MetricsSource big = () -> {
            MetricsSnapshot.Builder metrics = MetricsSnapshot.builder();
            for (int i = 0; i < count.get(); i++) {
                metrics.put("big.pop3.sessions_by_user.u" + i, i);
            }
            return metrics.build();
        };
        start(b -> b.metricsMaxReplySize(4096), Backends.of("test", users).withSource("big", big), new MetricRegistry());
        try (WireClient c = new WireClient(server.port())) {
            c.request("LOGIN alice secret");
            for (int i = 0; i < 2; i++) {
                assertThat(c.request("METRICS")).isEqualTo("->FAIL: reply larger than metrics.max-reply-size=4096 octets");
            }
            assertThat(c.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH METRICS QUIT");
            count.set(3);
            String fits = c.request("METRICS");
            assertThat(fits).startsWith("->SUCCESS: ").contains("big.up=1", "big.pop3.sessions_by_user.u2=2");
            assertThat(fits.length() + 2).isLessThanOrEqualTo(4096);
        }
    }

    @Test
    void aMetricsReplySizeLimitOutsideWhatClientsReadIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> ServerSettings.builder().metricsMaxReplySize(4095).build())
                .hasMessageContaining("metrics.max-reply-size").hasMessageContaining("must be between 4096 and 1048576 octets, was 4095");
        // Above what Push3's own client reads (decision 34), every METRICS of ours would fail.
        assertThatThrownBy(() -> ServerSettings.builder().metricsMaxReplySize(Reply.MAX_LINE_OCTETS + 1).build())
                .hasMessageContaining("metrics.max-reply-size").hasMessageContaining("was 1048577");
    }

    // --- 7. Gauges that throw or give unwritable values ------------------------------

    @Test
    void aGaugeThatThrowsOrGivesAnUnwritableValueIsLeftOutAndMetricsAnswers() throws IOException {
        MetricRegistry registry = new MetricRegistry();
        registry.gauge("pop3.good", () -> 7);
        registry.gauge("pop3.huge", () -> 1e300);
        registry.gauge("pop3.tiny", () -> 1e-300);
        registry.gauge("pop3.nan", () -> Double.NaN);
        registry.gauge("pop3.decimal", () -> new BigDecimal("1e100"));
        registry.gauge("pop3.throws", () -> {
            throw new IllegalStateException("gauge bug");
        });
        registry.gauge("pop3.error", () -> {
            throw new OutOfMemoryError("Java heap space");
        });
        start(b -> b, Backends.of("test", users), registry);
        try (WireClient c = new WireClient(server.port())) {
            c.request("LOGIN alice secret");
            for (int i = 0; i < 2; i++) { // the second time the failures are no longer logged
                assertThat(c.request("METRICS")).startsWith("->SUCCESS: ").contains("pop3.good=7", "inprocess.up=1")
                        .doesNotContain("pop3.huge", "pop3.tiny", "pop3.nan", "pop3.decimal", "pop3.throws", "pop3.error");
            }
        }
        assertThat(registry.snapshot().get("pop3.good")).contains(BigDecimal.valueOf(7));
    }

    // --- 8. Start-up failures leak nothing -------------------------------------------

    @Test
    void aFailingStartClosesTheListeningSocketAndTheBackends() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        MetricRegistry clashing = new MetricRegistry();
        clashing.gauge("push3.connections.total", () -> 0); // an embedder's gauge where the server needs a counter
        UsersAuthenticator first = new UsersAuthenticator(Map.of());
        assertThatThrownBy(() -> start(b -> b.port(port), Backends.of("test", first), clashing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("push3.connections.total");
        assertThat(first.closed).isTrue();

        UsersAuthenticator second = new UsersAuthenticator(Map.of()); // a plugin name no metric may carry
        assertThatThrownBy(() -> start(b -> b.port(port), Backends.of("Bad Name", second), new MetricRegistry()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(second.closed).isTrue();

        start(b -> b.port(port)); // the port is free again
        try (WireClient c = new WireClient(server.port())) {
            assertThat(c.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
        }
    }

    // --- 9. The accept loop outlives errors ------------------------------------------

    /**
     * No memory for one more session thread: that connection is closed, and the next one is
     * served with the permit it gave back (one permit in all), instead of the listener thread
     * dying and the server accepting nothing more while it looks alive.
     */
    @Test
    void runningOutOfMemoryForASessionThreadLosesThatConnectionOnly() throws IOException {
        AtomicInteger made = new AtomicInteger();
        java.util.concurrent.ThreadFactory virtual = Thread.ofVirtual().name("push3-session-", 1).factory();
        java.util.concurrent.ThreadFactory failingOnce = task -> {
            if (made.getAndIncrement() == 0) {
                throw new OutOfMemoryError("unable to create a session thread (test)");
            }
            return virtual.newThread(task);
        };
        server = Push3Server.start(ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .maxConnections(1).build(), Backends.of("test", users), new MetricRegistry(),
                new dev.push3.core.audit.Audit(java.time.Clock.systemUTC()), failingOnce);
        try (WireClient lost = new WireClient(server.port())) {
            assertThat(lost.closedByServer()).isTrue();
        }
        try (WireClient c = new WireClient(server.port())) { // served with the one permit, given back
            assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            assertThat(c.request("METRICS")).contains("push3.connections.total=2", "push3.connections.refused=0");
        }
        assertThat(made).hasValue(2);
    }
}
