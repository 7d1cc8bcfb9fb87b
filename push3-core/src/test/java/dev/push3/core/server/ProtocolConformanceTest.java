package dev.push3.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsUnavailableException;
import dev.push3.core.client.Push3Client;
import dev.push3.core.client.Push3Exception;
import dev.push3.core.settings.ServerSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The protocol as docs/PROTOCOL.md states it, checked byte for byte over real TCP. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtocolConformanceTest {
    private final UsersAuthenticator users = new UsersAuthenticator(Map.of("alice", "secret", "bob", "pass with spaces", "carol", "s\u00e9cret \u2603"));
    private Push3Server server;

    private Push3Server start(UnaryOperator<ServerSettings.Builder> settings, Backends backends) throws IOException {
        ServerSettings.Builder builder = ServerSettings.builder()
                .bind(InetAddress.getLoopbackAddress()).port(0).failureDelay(Duration.ZERO);
        server = Push3Server.start(settings.apply(builder).build(), backends);
        return server;
    }

    private Push3Server start() throws IOException {
        return start(b -> b, Backends.of("test", users));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Framing, characters and the greeting: the same in every state. */
    @Nested
    class AnyState {
        @Test
        void greetingWhenEnabled() throws IOException {
            start(b -> b.greeting(true), Backends.of("test", users));
            try (WireClient c = new WireClient(server.port())) {
                assertThat(c.line()).isEqualTo("->SUCCESS: Push3 ready");
            }
        }

        @Test
        void pipelinedRequestsGetOneReplyEachInOrder() throws IOException {
            start();
            try (WireClient c = new WireClient(server.port())) {
                c.send("CAPA\r\nNOOP\r\nLOGIN alice secret\r\nCAPA\r\nMETRICS\r\nFINISH\r\n");
                assertThat(c.line()).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
                assertThat(c.line()).isEqualTo("->FAIL: unknown command NOOP");
                assertThat(c.line()).isEqualTo("->SUCCESS: logged in");
                assertThat(c.line()).isEqualTo("->SUCCESS: CAPA FINISH METRICS QUIT");
                assertThat(c.line()).startsWith("->SUCCESS: ").contains("push3.commands.total=");
                assertThat(c.line()).isEqualTo("->SUCCESS: bye");
                assertThat(c.closedByServer()).isTrue();
            }
        }

        @Test
        void requestSplitAcrossSegmentsAndBareLf() throws IOException, InterruptedException {
            start();
            try (WireClient c = new WireClient(server.port())) {
                for (String piece : List.of("LO", "GIN al", "ice sec", "ret\r", "\n")) {
                    c.send(piece);
                    Thread.sleep(20); // spaces the pieces out so they arrive as separate segments; waits for nothing
                }
                assertThat(c.line()).isEqualTo("->SUCCESS: logged in");
                c.send("CAPA\n");
                assertThat(c.line()).isEqualTo("->SUCCESS: CAPA FINISH METRICS QUIT");
            }
        }

        @Test
        void overLongLineIsRefusedAndTheSessionGoesOn() throws IOException {
            start();
            try (WireClient c = new WireClient(server.port())) {
                String longest = "LOGIN alice " + "x".repeat(512 - 2 - "LOGIN alice ".length());
                assertThat(c.request(longest)).isEqualTo("->FAIL: invalid credentials");
                assertThat(c.request(longest + "x")).isEqualTo("->FAIL: line too long");
                assertThat(c.request("CAPA " + "y".repeat(5000))).isEqualTo("->FAIL: line too long");
                assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"LO\u0001GIN a b", "CAP\u00e9", "CAPA\u0000", " CAPA", "", "CAPAX\tY"})
        void badCharactersGetAFailAndTheSessionGoesOn(String request) throws IOException {
            start();
            try (WireClient c = new WireClient(server.port())) {
                assertThat(c.send((request + "\r\n").getBytes(StandardCharsets.ISO_8859_1)).line()).startsWith("->FAIL: ");
                assertThat(c.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
            }
        }

        @Test
        void commandNamesAreLimitedTo20Letters() throws IOException {
            start();
            try (WireClient c = new WireClient(server.port())) {
                assertThat(c.request("A".repeat(20))).isEqualTo("->FAIL: unknown command " + "A".repeat(20));
                assertThat(c.request("A".repeat(21))).isEqualTo("->FAIL: command name longer than 20 letters");
            }
        }
    }

    /** The AUTHENTICATION state: LOGIN, its failures and its delays. */
    @Nested
    class Authentication {
        @Test
        void noGreetingByDefaultAndLoginMetricsFinish() throws IOException {
            start();
            try (WireClient c = new WireClient(server.port())) {
                assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
                String metrics = c.request("METRICS");
                assertThat(metrics).startsWith("->SUCCESS: ")
                        .contains("push3.logins.succeeded=1", "inprocess.up=1", "push3.commands.total=2");
                assertThat(c.request("FINISH")).isEqualTo("->SUCCESS: bye");
                assertThat(c.closedByServer()).isTrue();
            }
        }

        @Test
        void everyCommandInAuthenticationState() throws IOException {
            start();
            try (WireClient c = new WireClient(server.port())) {
                assertThat(c.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
                assertThat(c.request("METRICS")).isEqualTo("->FAIL: METRICS needs LOGIN first");
                assertThat(c.request("LOGIN alice wrong")).isEqualTo("->FAIL: invalid credentials");
                assertThat(c.request("LOGIN alice")).isEqualTo("->FAIL: LOGIN needs 2 arguments: LOGIN user password");
                assertThat(c.request("LOGIN")).isEqualTo("->FAIL: LOGIN needs 2 arguments: LOGIN user password");
                assertThat(c.request("NOOP")).isEqualTo("->FAIL: unknown command NOOP");
                assertThat(c.request("QUIT")).isEqualTo("->SUCCESS: bye");
                assertThat(c.closedByServer()).isTrue();
            }
        }

        @Test
        void aUtf8PasswordLogsIn() throws IOException {
            start();
            try (WireClient c = new WireClient(server.port())) {
                assertThat(c.send("LOGIN carol s\u00e9cret \u2603\r\n".getBytes(StandardCharsets.UTF_8)).line())
                        .isEqualTo("->SUCCESS: logged in");
            }
        }

        @Test
        void tooManyFailuresCloseTheSessionAfterTheDelay() throws IOException {
            start(b -> b.maxLoginFailures(3).failureDelay(Duration.ofMillis(300)), Backends.of("test", users));
            try (WireClient c = new WireClient(server.port())) {
                long start = System.nanoTime();
                assertThat(c.request("LOGIN alice a")).isEqualTo("->FAIL: invalid credentials");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
                assertThat(c.request("LOGIN nobody b")).isEqualTo("->FAIL: invalid credentials");
                assertThat(c.request("LOGIN alice c")).isEqualTo("->FAIL: invalid credentials; too many failures, closing");
                assertThat(c.closedByServer()).isTrue();
            }
        }

        @Test
        void aFailureDelayDoesNotBlockOtherSessions() throws Exception {
            start(b -> b.failureDelay(Duration.ofSeconds(3)), Backends.of("test", users));
            try (WireClient slow = new WireClient(server.port()); WireClient other = new WireClient(server.port())) {
                slow.send("LOGIN alice wrong\r\n");
                await().atMost(Duration.ofSeconds(10)).until(() -> users.checks.get() == 1); // now inside its delay
                assertThat(other.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
                assertThat(slow.available()).as("the other session was answered while the first one still waited").isFalse();
                assertThat(slow.line()).isEqualTo("->FAIL: invalid credentials");
            }
        }

        @Test
        void backendUnavailableIsADistinctFailAndNotCountedAsAFailure() throws IOException {
            start(b -> b.maxLoginFailures(1), Backends.of("test", users));
            users.down.set(true);
            try (WireClient c = new WireClient(server.port())) {
                assertThat(c.request("LOGIN alice secret")).isEqualTo("->FAIL: authentication backend unavailable, try again later");
                assertThat(c.request("LOGIN alice secret")).isEqualTo("->FAIL: authentication backend unavailable, try again later");
                users.down.set(false);
                assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
                assertThat(c.request("METRICS")).contains("push3.logins.unavailable=2");
            }
        }
    }

    /** The TRANSACTION state: METRICS and what it reports. */
    @Nested
    class Transaction {
        @Test
        void everyCommandInTransactionState() throws IOException {
            start();
            try (WireClient c = new WireClient(server.port())) {
                c.request("login bob pass with spaces");
                assertThat(c.request("capa")).isEqualTo("->SUCCESS: CAPA FINISH METRICS QUIT");
                assertThat(c.request("LOGIN alice secret")).isEqualTo("->FAIL: already logged in");
                assertThat(c.request("METRICS now")).isEqualTo("->FAIL: METRICS takes no arguments");
                assertThat(c.request("Metrics")).startsWith("->SUCCESS: ");
                assertThat(c.request("FINISH please")).isEqualTo("->FAIL: FINISH takes no arguments");
                assertThat(c.request("quit")).isEqualTo("->SUCCESS: bye");
                assertThat(c.closedByServer()).isTrue();
            }
        }

        @Test
        void metricsLineIsSortedNamesAndDecimals() throws IOException {
            start();
            try (WireClient c = new WireClient(server.port())) {
                c.request("LOGIN alice secret");
                String text = c.request("METRICS").substring("->SUCCESS: ".length());
                List<String> names = new ArrayList<>();
                for (String pair : text.split(" ")) {
                    assertThat(pair).matches("[a-z][a-z0-9_.]*=-?[0-9]+(\\.[0-9]+)?");
                    names.add(pair.substring(0, pair.indexOf('=')));
                }
                assertThat(names).isSorted().contains("push3.connections.current", "push3.connections.total",
                        "push3.logins.succeeded", "push3.logins.failed", "push3.commands.total", "push3.bytes.in",
                        "push3.logins.unavailable", "push3.bytes.out", "push3.uptime.seconds", "push3.auth.test.latency.avg_us");
            }
        }

        @Test
        void aFailingOrSlowSourceIsReportedDownAndTheOthersStillAnswer() throws IOException {
            CountDownLatch release = new CountDownLatch(1);
            Backends backends = Backends.of("test", users)
                    .withSource("good", () -> MetricsSnapshot.builder().put("good.value", 42).build())
                    .withSource("broken", () -> {
                        throw new MetricsUnavailableException("backend refused");
                    })
                    .withSource("slow", () -> {
                        try {
                            release.await(); // hangs until the test ends, unless the server interrupts it
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return MetricsSnapshot.builder().put("slow.value", 1).build();
                    });
            start(b -> b.metricsTimeout(Duration.ofMillis(500)), backends);
            try (Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
                Push3Exception.requireSuccess(client.login("alice", "secret"));
                long start = System.nanoTime();
                Map<String, BigDecimal> metrics = client.metrics();
                // Generous: the slow source never returns on its own, and the client gives up after 5 s.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
                assertThat(metrics).containsEntry("good.value", new BigDecimal("42"))
                        .containsEntry("good.up", BigDecimal.ONE)
                        .containsEntry("broken.up", BigDecimal.ZERO)
                        .containsEntry("slow.up", BigDecimal.ZERO)
                        .doesNotContainKey("slow.value");
            } finally {
                release.countDown();
            }
        }

        @Test
        void aHungSourceHoldsOneCollectionNotOnePerRequestAndANullSnapshotIsDown() throws Exception {
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            Backends backends = Backends.of("test", users)
                    .withSource("hung", () -> {
                        calls.incrementAndGet();
                        while (true) {
                            try {
                                release.await(); // ignores interrupts, as a badly written plugin might
                                return MetricsSnapshot.builder().put("hung.value", 1).build();
                            } catch (InterruptedException ignored) {
                                // keep waiting
                            }
                        }
                    })
                    .withSource("empty", () -> null);
            start(b -> b.metricsTimeout(Duration.ofMillis(200)), backends);
            try (Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
                Push3Exception.requireSuccess(client.login("alice", "secret"));
                for (int i = 0; i < 3; i++) {
                    assertThat(client.metrics()).containsEntry("hung.up", BigDecimal.ZERO).containsEntry("empty.up", BigDecimal.ZERO);
                }
                assertThat(calls).hasValue(1);
                release.countDown();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.metrics())
                        .containsEntry("hung.up", BigDecimal.ONE).containsEntry("hung.value", BigDecimal.ONE));
            } finally {
                release.countDown();
            }
        }

        /**
         * The guarantee MetricsSource documents: METRICS from several sessions at once, each
         * waiting on one hung collection, never call a source's collect() concurrently. Every
         * reply arrives after its request and before the release, so each overlapped the hung
         * collection: a server that did not share it would have made one call per session.
         */
        @Test
        void concurrentMetricsFromManySessionsNeverCallASourceConcurrently() throws Exception {
            AtomicInteger calls = new AtomicInteger();
            AtomicInteger active = new AtomicInteger();
            AtomicInteger mostActive = new AtomicInteger();
            CountDownLatch release = new CountDownLatch(1);
            Backends backends = Backends.of("test", users).withSource("hung", () -> {
                calls.incrementAndGet();
                mostActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    active.decrementAndGet();
                }
                return MetricsSnapshot.builder().put("hung.value", 1).build();
            });
            start(b -> b.metricsTimeout(Duration.ofMillis(300)), backends);
            int sessions = 8;
            List<Thread> clients = new ArrayList<>();
            List<Map<String, BigDecimal>> replies = java.util.Collections.synchronizedList(new ArrayList<>());
            try {
                for (int i = 0; i < sessions; i++) {
                    clients.add(Thread.ofVirtual().start(() -> {
                        try (Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(10))) {
                            Push3Exception.requireSuccess(client.login("alice", "secret"));
                            replies.add(client.metrics());
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }));
                }
                for (Thread client : clients) {
                    client.join(Duration.ofSeconds(20));
                }
                assertThat(replies).hasSize(sessions).allSatisfy(reply -> assertThat(reply).containsEntry("hung.up", BigDecimal.ZERO));
                assertThat(calls).as("collections started").hasValue(1);
                assertThat(mostActive).as("collect() calls running at once").hasValue(1);
            } finally {
                release.countDown();
            }
        }

        @Test
        void embeddersCountersAppearInMetrics() throws IOException {
            start();
            server.registry().counter("pop3.retr.total").add(7);
            server.registry().gauge("pop3.mailboxes.open", () -> 3);
            try (Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
                Push3Exception.requireSuccess(client.login("alice", "secret"));
                assertThat(client.metrics()).containsEntry("pop3.retr.total", new BigDecimal("7"))
                        .containsEntry("pop3.mailboxes.open", new BigDecimal("3"));
            }
        }

        /**
         * One owner counts LOGIN outcomes: each is counted once, under {@code push3.logins.},
         * with no per-backend copy of the same numbers ({@code push3.auth.test.accepted} and
         * its kin were counted beside them by another class).
         */
        @Test
        void eachLoginOutcomeIsCountedOnceUnderOneName() throws IOException {
            start(b -> b, Backends.of("test", users));
            try (WireClient c = new WireClient(server.port())) {
                assertThat(c.request("LOGIN alice wrong")).startsWith("->FAIL: ");
                users.down.set(true);
                assertThat(c.request("LOGIN alice secret")).startsWith("->FAIL: ");
                users.down.set(false);
                assertThat(c.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
                List<String> pairs = List.of(c.request("METRICS").substring("->SUCCESS: ".length()).split(" "));
                assertThat(pairs).contains("push3.logins.succeeded=1", "push3.logins.failed=1", "push3.logins.unavailable=1");
                assertThat(pairs).filteredOn(pair -> pair.matches("push3\\.auth\\.test\\.(requests|accepted|rejected|unavailable)=.*"))
                        .isEmpty();
            }
        }

        @Test
        void anAuthenticatorsOwnCountersJoinInProcessOnesWithoutOverridingThem() throws IOException {
            dev.push3.api.auth.Authenticator withCounters = new dev.push3.api.auth.Authenticator() {
                @Override
                public dev.push3.api.auth.AuthOutcome authenticate(dev.push3.api.auth.Credentials credentials) {
                    return users.authenticate(credentials);
                }

                @Override
                public MetricsSnapshot metrics() {
                    return MetricsSnapshot.builder().put("push3.logins.succeeded", 999).put("push3.auth.test.users", 2).build();
                }
            };
            start(b -> b, Backends.of("test", withCounters));
            try (Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
                Push3Exception.requireSuccess(client.login("alice", "secret"));
                assertThat(client.metrics()).containsEntry("push3.logins.succeeded", BigDecimal.ONE)
                        .containsEntry("push3.auth.test.users", new BigDecimal(2));
            }
        }
    }

    /** Idle limits, per state. */
    @Nested
    class IdleTimeouts {
        @Test
        void idleTimeoutSendsAFailThenCloses() throws IOException {
            start(b -> b.idleTimeoutAuthentication(Duration.ofMillis(300)).idleTimeoutTransaction(Duration.ofMillis(600)),
                    Backends.of("test", users));
            try (WireClient c = new WireClient(server.port())) {
                assertThat(c.line()).isEqualTo("->FAIL: idle timeout, closing");
                assertThat(c.closedByServer()).isTrue();
            }
            try (WireClient c = new WireClient(server.port())) {
                c.request("LOGIN alice secret");
                long start = System.nanoTime();
                assertThat(c.line()).isEqualTo("->FAIL: idle timeout, closing");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(550));
            }
        }

        @Test
        void aZeroIdleTimeoutAfterLoginMeansNone() throws IOException {
            start(b -> b.idleTimeoutAuthentication(Duration.ofMillis(300)).idleTimeoutTransaction(Duration.ZERO),
                    Backends.of("test", users));
            try (WireClient c = new WireClient(server.port())) {
                c.request("LOGIN alice secret");
                c.timeout(1000);
                assertThat(c.closedByServer()).as("still open a second later, past the authentication limit").isFalse();
                c.timeout(10_000);
                assertThat(c.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH METRICS QUIT");
            }
        }

        @Test
        void aClientDrippingBytesIsStillTimedOut() throws IOException, InterruptedException {
            start(b -> b.idleTimeoutAuthentication(Duration.ofMillis(500)), Backends.of("test", users));
            try (WireClient c = new WireClient(server.port())) {
                String reply = null;
                // 60 drips over 6 s, twelve times the limit: a server that restarted its clock on every byte
                // would still be waiting when they end, and the reply would be missing.
                for (int i = 0; i < 60 && reply == null; i++) {
                    try {
                        c.send("C");
                    } catch (IOException closed) {
                        break; // the server closed after its FAIL line
                    }
                    Thread.sleep(100); // the scripted client's pace: one byte every 100 ms, never a whole line
                    reply = c.available() ? c.line() : null;
                }
                assertThat(reply).isEqualTo("->FAIL: idle timeout, closing");
            }
        }
    }

    /** Server-wide limits and shutdown. */
    @Nested
    class Server {
        @Test
        void connectionsOverTheLimitGetOneFailLine() throws Exception {
            start(b -> b.maxConnections(2), Backends.of("test", users));
            try (WireClient first = new WireClient(server.port()); WireClient second = new WireClient(server.port())) {
                first.request("CAPA");
                second.request("CAPA");
                try (WireClient third = new WireClient(server.port())) {
                    assertThat(third.line()).isEqualTo("->FAIL: too many connections, try again later");
                    assertThat(third.closedByServer()).isTrue();
                }
                first.request("QUIT");
                assertThat(first.closedByServer()).isTrue();
                // The permit comes back once the session has ended; its socket closes just before the permit is
                // released, so a connection in between may still be refused, and is counted.
                AtomicInteger refusedWhileReleasing = new AtomicInteger();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    try (WireClient fourth = new WireClient(server.port())) {
                        fourth.send("CAPA\r\n");
                        String reply = fourth.line();
                        if (reply.startsWith("->FAIL")) {
                            refusedWhileReleasing.incrementAndGet();
                            return false;
                        }
                        assertThat(reply).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
                        return true;
                    }
                });
                assertThat(second.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
                assertThat(second.request("METRICS")).contains("push3.connections.refused=" + (1 + refusedWhileReleasing.get()));
            }
        }

        @Test
        void gracefulShutdownTellsOpenSessionsAndClosesBackends() throws IOException {
            start();
            try (WireClient c = new WireClient(server.port())) {
                c.request("LOGIN alice secret");
                server.close();
                assertThat(c.line()).isEqualTo("->FAIL: server shutting down");
                assertThat(c.closedByServer()).isTrue();
            }
            assertThat(users.closed).isTrue();
            try {
                new WireClient(server.port()).close();
                org.assertj.core.api.Assertions.fail("the server still accepts after close");
            } catch (IOException expected) {
                // Connection refused: nothing listens any more.
            }
        }

        @Test
        void shutdownDoesNotWaitForAClientThatStoppedReading() throws Exception {
            start(b -> b.shutdownGrace(Duration.ofMillis(500)), Backends.of("test", users));
            try (java.net.Socket stuck = new java.net.Socket(); WireClient other = new WireClient(server.port())) {
                stuck.setReceiveBufferSize(4096);
                stuck.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
                stuck.getOutputStream().write("LOGIN alice secret\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] requests = "METRICS\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
                AtomicLong written = new AtomicLong();
                Thread.ofVirtual().start(() -> {
                    try {
                        while (true) {
                            stuck.getOutputStream().write(requests); // and never read a reply
                            written.addAndGet(requests.length);
                        }
                    } catch (IOException closed) {
                        // The server gave up on this client.
                    }
                });
                assertThat(other.request("CAPA")).startsWith("->SUCCESS");
                // The stuck session's replies fill both socket buffers, its writes block, it stops reading, and so
                // this writer blocks too: wait until it made no progress between two polls.
                AtomicLong seen = new AtomicLong(-1);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                        .until(() -> written.get() > 0 && seen.getAndSet(written.get()) == written.get());

                long start = System.nanoTime();
                server.close();
                // Generous: without the grace limit close() waits for the stuck write for ever.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
                assertThat(other.line()).isEqualTo("->FAIL: server shutting down");
                assertThat(users.closed).isTrue();
            }
        }
    }
}
