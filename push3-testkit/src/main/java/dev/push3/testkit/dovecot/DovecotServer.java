package dev.push3.testkit.dovecot;

import static org.awaitility.Awaitility.await;

import dev.push3.testkit.IntegrationGate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The real Dovecot 2.3 POP3 server of the test image in a container on the host network,
 * listening on free loopback ports only, configured by {@link DovecotOptions}.
 *
 * <pre>{@code
 * try (DovecotServer dovecot = DovecotServer.start(DovecotOptions.plainPasswords(Map.of("alice", "secret")))) {
 *     ... "auth.pop3.port", String.valueOf(dovecot.pop3Port()) ...
 * }
 * }</pre>
 */
public final class DovecotServer implements AutoCloseable {
    /** The image, built by {@code docker/dovecot/build-image.sh}. */
    public static final String IMAGE = "push3-test/dovecot:2.3";
    static final String USERS = "/etc/dovecot/users";
    static final String CERTIFICATE = "/etc/dovecot/cert.pem";
    static final String KEY = "/etc/dovecot/key.pem";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(100);

    private final GenericContainer<?> container;
    private final DovecotOptions options;
    private final DovecotOptions.Ports ports;
    private final Optional<TestCertificate> certificate;

    private DovecotServer(GenericContainer<?> container, DovecotOptions options, DovecotOptions.Ports ports,
            Optional<TestCertificate> certificate) {
        this.container = container;
        this.options = options;
        this.ports = ports;
        this.certificate = certificate;
    }

    /**
     * Starts Dovecot and waits until it answers POP3 (and HTTP, with stats); skips the test
     * when Docker or the image is missing ({@link IntegrationGate#requireDockerImage}, which
     * fails it instead under {@code -Dpush3.it.required=true}).
     *
     * @param options the users and features
     * @return the running server
     */
    @SuppressWarnings("resource") // closed by close()
    public static DovecotServer start(DovecotOptions options) {
        IntegrationGate.requireDockerImage(IMAGE);
        int[] free = freePorts(3);
        DovecotOptions.Ports all = new DovecotOptions.Ports(free[0], free[1], free[2]);
        DovecotOptions.Ports ports = options.tls() ? all : all.withoutTls();
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withNetworkMode("host")
                .withCopyToContainer(Transferable.of(options.dovecotConf(ports)), "/etc/dovecot/dovecot.conf")
                .withCopyToContainer(Transferable.of(options.usersFile()), USERS)
                .waitingFor(Wait.forLogMessage("(?s).*starting up.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
        Optional<TestCertificate> certificate = options.tls() ? Optional.of(TestCertificate.forLocalhost())
                : Optional.empty();
        certificate.ifPresent(made -> container
                .withCopyToContainer(Transferable.of(made.certificatePem()), CERTIFICATE)
                .withCopyToContainer(Transferable.of(made.privateKeyPem(), 0600), KEY));
        container.start();
        DovecotServer server = new DovecotServer(container, options, ports, certificate);
        server.awaitReady();
        return server;
    }

    /** @return the address Dovecot listens on: 127.0.0.1 unless {@link DovecotOptions#listeningOn} chose another */
    public String host() {
        return options.listen();
    }

    /** @return the plain POP3 port on {@link #host()} (STLS offered with {@link DovecotOptions#withTls()}) */
    public int pop3Port() {
        return ports.pop3();
    }

    /** @return the implicit-TLS port on {@link #host()} */
    public int pop3sPort() {
        requireFeature(options.tls(), "withTls()");
        return ports.pop3s();
    }

    /** @return the server's certificate, made for this run */
    public TestCertificate certificate() {
        return certificate.orElseThrow(() -> missingFeature("withTls()"));
    }

    /** @return the URL of the stats listener's OpenMetrics page */
    public String metricsUrl() {
        requireFeature(options.metricBlocks().isPresent(), "withStats(...)");
        return "http://127.0.0.1:" + ports.stats() + "/metrics";
    }

    /**
     * Returns Dovecot's log so far (with {@code auth_verbose}, it names each login's user and mechanism).
     *
     * @return the log text
     */
    public String logs() {
        return container.getLogs();
    }

    /**
     * Returns Dovecot's log once it has a line matching {@code regex}, or after 10 s without
     * one: Dovecot writes some lines (such as a session's end) just after the client has
     * gone, so the caller's assertions on the log would otherwise race with it.
     *
     * @param regex what to wait for, found anywhere in the log
     * @return the log text
     */
    public String logsOnceMatching(String regex) {
        Pattern pattern = Pattern.compile(regex);
        try {
            return await().atMost(LOG_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .until(this::logs, logs -> pattern.matcher(logs).find());
        } catch (ConditionTimeoutException e) {
            return logs();
        }
    }

    /**
     * Logs in directly over plain POP3 with {@code USER} and {@code PASS}, then {@code QUIT}s.
     *
     * @param user the user name
     * @param password the password
     * @return true when Dovecot accepted the password
     * @throws IOException when the connection fails
     * @throws IllegalStateException when Dovecot refuses the greeting, USER or QUIT step
     */
    public boolean pop3Login(String user, String password) throws IOException {
        try (Socket socket = new Socket(options.listen(), ports.pop3())) {
            socket.setSoTimeout(30_000);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            expectOk(in.readLine(), "greeting");
            send(out, "USER " + user);
            expectOk(in.readLine(), "USER");
            send(out, "PASS " + password);
            String reply = in.readLine();
            send(out, "QUIT");
            expectOk(in.readLine(), "QUIT");
            return reply != null && reply.startsWith("+OK");
        }
    }

    /** Stops Dovecot, keeping the container, as an operator's restart would. */
    public void stopServer() {
        container.getDockerClient().stopContainerCmd(container.getContainerId()).withTimeout(5).exec();
    }

    /** Starts the stopped Dovecot again and waits until it answers. */
    public void startServer() {
        container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
        awaitReady();
    }

    /** Stops Dovecot and removes its container; calling it again does nothing. */
    @Override
    public void close() {
        container.stop();
    }

    private void awaitReady() {
        try {
            await().atMost(READY_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .until(() -> answersPop3() && (options.metricBlocks().isEmpty() || answersMetrics()));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Dovecot did not answer on port " + ports.pop3()
                    + (options.metricBlocks().isPresent() ? " and " + metricsUrl() : "")
                    + " within " + READY_TIMEOUT + "; its log:\n" + logs(), e);
        }
    }

    private boolean answersPop3() {
        try (Socket socket = new Socket(options.listen(), ports.pop3())) {
            socket.setSoTimeout(2000);
            return socket.getInputStream().read() == '+';
        } catch (IOException e) {
            return false;
        }
    }

    private boolean answersMetrics() {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(metricsUrl())).timeout(Duration.ofSeconds(2)).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + metricsUrl(), e);
        }
    }


    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void expectOk(String reply, String step) {
        if (reply == null || !reply.startsWith("+OK")) {
            throw new IllegalStateException("POP3 " + step + " answered " + reply);
        }
    }

    private static void requireFeature(boolean enabled, String option) {
        if (!enabled) {
            throw missingFeature(option);
        }
    }

    private static IllegalStateException missingFeature(String option) {
        return new IllegalStateException("this Dovecot was started without DovecotOptions." + option);
    }

    /** Ports free now; held open together so that no two of them are the same. */
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
            closeAll(sockets);
        }
    }

    private static void closeAll(ServerSocket[] sockets) {
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
