package dev.push3.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.core.client.Push3Client;
import dev.push3.core.client.Push3Exception;
import dev.push3.core.client.Reply;
import dev.push3.core.settings.ServerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
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
            assertThatThrownBy(() -> client.login("alice", "wrong").orThrow())
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
