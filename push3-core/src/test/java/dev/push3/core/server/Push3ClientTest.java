package dev.push3.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.core.client.Push3Client;
import dev.push3.core.client.Push3Exception;
import dev.push3.core.settings.ServerSettings;
import dev.push3.core.wire.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The client library's contract, against the real server over TCP. */
class Push3ClientTest {

    private static Push3Server start(boolean greeting) throws IOException {
        ServerSettings settings = ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .greeting(greeting).failureDelay(Duration.ZERO).build();
        return Push3Server.start(settings, Backends.of("test", new UsersAuthenticator(Map.of("alice", "secret"))));
    }

    private static Push3Client connect(Push3Server server) throws IOException {
        return Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5));
    }

    @Test
    void aRefusedMetricsCarriesTheServersFailText() throws IOException {
        try (Push3Server server = start(false); Push3Client client = connect(server)) {
            assertThatThrownBy(client::metrics).isInstanceOfSatisfying(Push3Exception.class, e -> {
                assertThat(e.failText()).contains("METRICS needs LOGIN first");
                assertThat(e).hasMessage("METRICS needs LOGIN first");
            });
            assertThatThrownBy(() -> Push3Exception.requireSuccess(client.login("alice", "wrong")))
                    .isInstanceOfSatisfying(Push3Exception.class, e -> assertThat(e.failText()).contains("invalid credentials"));
        }
    }

    @Test
    void aConnectionClosedByThePeerHasNoFailText() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread closer = Thread.ofVirtual().start(() -> {
                try (Socket accepted = peer.accept()) {
                    accepted.getInputStream().read(); // wait for the request, then hang up without a reply
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (Push3Client client = Push3Client.connect("127.0.0.1", peer.getLocalPort(), Duration.ofSeconds(5))) {
                assertThatThrownBy(client::metrics).isInstanceOfSatisfying(Push3Exception.class, e -> {
                    assertThat(e.failText()).isEmpty();
                    assertThat(e).hasMessage("connection closed by the server");
                });
                assertThat(client.isOpen()).isFalse();
            }
            closer.join();
        }
    }

    /**
     * A server that answers with an endless line (here 10 MB) must not make the client hold
     * it: the client refuses it at {@link Push3Client#MAX_REPLY_OCTETS}, allocating about
     * that much, not the line's size (a {@code BufferedReader.readLine} held all of it).
     */
    @Test
    void aReplyLineOverTheLimitIsRefusedWithBoundedMemory() throws Exception {
        int lineOctets = 10 * 1024 * 1024;
        try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread talker = Thread.ofVirtual().start(() -> {
                try (Socket accepted = peer.accept()) {
                    InputStream in = accepted.getInputStream();
                    while (in.read() != '\n') {
                        // the request, read whole so that closing sends no reset
                    }
                    OutputStream out = accepted.getOutputStream();
                    out.write("->SUCCESS: ".getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[64 * 1024];
                    Arrays.fill(chunk, (byte) 'x');
                    for (int sent = 0; sent < lineOctets; sent += chunk.length) {
                        out.write(chunk);
                    }
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    in.read(); // until the client closes
                } catch (IOException e) {
                    // the client closed on us: what it should do
                }
            });
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            try (Push3Client client = Push3Client.connect("127.0.0.1", peer.getLocalPort(), Duration.ofSeconds(30))) {
                // Only the read is measured: AssertJ's own first use allocates megabytes.
                Push3Exception thrown = null;
                long before = threads.getCurrentThreadAllocatedBytes();
                try {
                    client.metrics();
                } catch (Push3Exception e) {
                    thrown = e;
                }
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertThat(thrown).isNotNull();
                assertThat(thrown.failText()).isEmpty();
                assertThat(thrown).hasMessage("the server sent a reply line longer than 1048576 octets;"
                        + " the connection is closed");
                assertThat(allocated).as("bytes allocated reading a %d-octet line", lineOctets)
                        .isLessThan(4L * Push3Client.MAX_REPLY_OCTETS);
                assertThat(client.isOpen()).isFalse();
            }
            talker.join();
        }
    }

    /**
     * A reply that comes after the client's timeout would answer the next request (a late
     * METRICS reply read as CAPA's): the timed-out client closes instead of staying open.
     */
    @Test
    void aTimedOutRequestClosesTheConnectionSoALateReplyIsNeverTakenForTheNext() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch timedOut = new CountDownLatch(1);
            Thread late = Thread.ofVirtual().start(() -> {
                try (Socket accepted = peer.accept()) {
                    InputStream in = accepted.getInputStream();
                    while (in.read() != '\n') {
                        // METRICS, answered only after the client gave up
                    }
                    timedOut.await();
                    accepted.getOutputStream().write("->SUCCESS: stale.metric=1\r\n".getBytes(StandardCharsets.US_ASCII));
                    in.readAllBytes(); // until the client closes
                } catch (IOException e) {
                    // the client closed on us: what it should do
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try (Push3Client client = Push3Client.connect("127.0.0.1", peer.getLocalPort(), Duration.ofMillis(300))) {
                assertThatThrownBy(client::metrics).isInstanceOf(Push3Exception.class)
                        .hasMessageStartingWith("cannot read from the server");
                timedOut.countDown();
                assertThat(client.isOpen()).isFalse();
                assertThatThrownBy(() -> client.send("CAPA")).isInstanceOf(Push3Exception.class);
            }
            late.join();
        }
    }

    @Test
    void pollReturnsTheGreetingAndNothingWhenTheServerIsSilent() throws IOException {
        try (Push3Server server = start(true); Push3Client client = connect(server)) {
            assertThat(client.poll(Duration.ofSeconds(5))).contains(new Reply.Success("Push3 ready"));
            assertThat(client.poll(Duration.ofMillis(100))).isEmpty();
            assertThat(client.poll(Duration.ZERO)).isEmpty();
            assertThat(client.send("CAPA").success()).isTrue(); // nothing was lost by the timed-out peek
        }
        try (Push3Server server = start(false); Push3Client client = connect(server)) {
            assertThat(client.poll(Duration.ofMillis(200))).isEmpty();
        }
    }

    @Test
    void finishSentByHandEndsTheSession() throws IOException {
        try (Push3Server server = start(false)) {
            Push3Client client = connect(server);
            assertThat(client.isOpen()).isTrue();
            assertThat(client.send("finish")).isEqualTo(new Reply.Success("bye"));
            assertThat(client.isOpen()).isFalse();
            client.close(); // no second QUIT on a closed connection; never throws
        }
    }

    @Test
    void aPasswordWithControlCharactersIsRefusedWithoutShowingIt() throws IOException {
        try (Push3Server server = start(false); Push3Client client = connect(server)) {
            assertThatThrownBy(() -> client.login("alice", "se\u0007cret"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a user name must be printable ASCII and a password non-empty text without control characters");
            assertThatThrownBy(() -> client.login("\u00e1lice", "secret")).isInstanceOf(IllegalArgumentException.class);
            assertThat(client.login("alice", "secret").success()).isTrue();
        }
    }
}
