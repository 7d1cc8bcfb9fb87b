package dev.push3.metrics.openmetrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The real Dovecot 2.3 of the test image, on host networking, with
 * {@code src/test/resources/dovecot/dovecot.conf}: POP3 and the stats HTTP listener on
 * free loopback ports, users from a passwd-file.
 */
final class DovecotServer implements AutoCloseable {
    static final String IMAGE = "push3-test/dovecot:2.3";

    private final GenericContainer<?> container;
    private final int pop3Port;
    private final int statsPort;

    private DovecotServer(GenericContainer<?> container, int pop3Port, int statsPort) {
        this.container = container;
        this.pop3Port = pop3Port;
        this.statsPort = statsPort;
    }

    /**
     * Starts Dovecot and waits until its stats endpoint answers.
     *
     * @param users user names and their plain-text passwords
     */
    @SuppressWarnings("resource") // closed by close()
    static DovecotServer start(Map<String, String> users) {
        int[] ports = freePorts(2);
        String config = Samples.text("dovecot/dovecot.conf")
                .replace("@POP3_PORT@", String.valueOf(ports[0]))
                .replace("@STATS_PORT@", String.valueOf(ports[1]));
        String passwd = users.entrySet().stream()
                .map(e -> e.getKey() + ":{PLAIN}" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withNetworkMode("host")
                .withCopyToContainer(Transferable.of(config), "/etc/dovecot/dovecot.conf")
                .withCopyToContainer(Transferable.of(passwd), "/etc/dovecot/users")
                .waitingFor(Wait.forLogMessage("(?s).*starting up.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
        container.start();
        DovecotServer server = new DovecotServer(container, ports[0], ports[1]);
        server.awaitStats();
        return server;
    }

    int pop3Port() {
        return pop3Port;
    }

    String metricsUrl() {
        return "http://127.0.0.1:" + statsPort + "/metrics";
    }

    String logs() {
        return container.getLogs();
    }

    private void awaitStats() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(metricsUrl())).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("Dovecot's stats listener never answered at " + metricsUrl() + "\n" + logs());
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ports free now; held together so two calls cannot get the same one. */
    private static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    if (socket != null) {
                        socket.close();
                    }
                } catch (IOException ignored) {
                    // the port is released either way
                }
            }
        }
    }

    @Override
    public void close() {
        container.stop();
    }
}
