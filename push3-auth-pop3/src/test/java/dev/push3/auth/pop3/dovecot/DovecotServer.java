package dev.push3.auth.pop3.dovecot;

import dev.push3.testkit.IntegrationGate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The real Dovecot POP3 server in a container on the host network, listening on loopback
 * only: plain POP3 (with STLS) on one free port and implicit TLS on another. Passwords are
 * stored in plain text so that APOP works ({@code auth_mechanisms = plain apop}).
 *
 * <p>Shared as a test fixture (the module's test jar) with the launcher tests of push3-app.
 */
public final class DovecotServer implements AutoCloseable {
    /** The image, built by {@code docker/dovecot/build-image.sh}. */
    public static final String IMAGE = "push3-test/dovecot:2.3";

    private final GenericContainer<?> container;
    private final int pop3Port;
    private final int pop3sPort;
    private final TestCertificate certificate;

    private DovecotServer(GenericContainer<?> container, int pop3Port, int pop3sPort, TestCertificate certificate) {
        this.container = container;
        this.pop3Port = pop3Port;
        this.pop3sPort = pop3sPort;
        this.certificate = certificate;
    }

    /**
     * Starts Dovecot with the given users, or skips the test when Docker or the image is
     * missing (fails it under {@code -Dpush3.it.required=true}).
     *
     * @param users user names and passwords
     * @return the running server
     */
    public static DovecotServer start(Map<String, String> users) throws IOException {
        IntegrationGate.requireDockerImage(IMAGE);
        int pop3Port = freePort();
        int pop3sPort = freePort();
        TestCertificate certificate = TestCertificate.forLocalhost();
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withNetworkMode("host")
                .withCopyToContainer(Transferable.of(config(pop3Port, pop3sPort)), "/etc/dovecot/dovecot.conf")
                .withCopyToContainer(Transferable.of(passwd(users)), "/etc/dovecot/users")
                .withCopyToContainer(Transferable.of(certificate.certificatePem()), "/etc/dovecot/cert.pem")
                .withCopyToContainer(Transferable.of(certificate.privateKeyPem(), 0600), "/etc/dovecot/key.pem")
                .waitingFor(Wait.forLogMessage(".*starting up.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
        container.start();
        return new DovecotServer(container, pop3Port, pop3sPort, certificate);
    }

    /** @return the plain POP3 port (STLS offered) on 127.0.0.1 */
    public int pop3Port() {
        return pop3Port;
    }

    /** @return the implicit-TLS port on 127.0.0.1 */
    public int pop3sPort() {
        return pop3sPort;
    }

    /** @return the server's certificate, made for this run */
    public TestCertificate certificate() {
        return certificate;
    }

    /**
     * Returns Dovecot's log so far (its info log names the mechanism of each login).
     *
     * @return the log text
     */
    public String logs() {
        return container.getLogs();
    }

    /** Stops the container's process, keeping the container, as an operator's restart would. */
    public void stopServer() {
        container.getDockerClient().stopContainerCmd(container.getContainerId()).withTimeout(5).exec();
    }

    /** Starts the stopped container again and waits until it answers POP3. */
    public void startServer() throws InterruptedException {
        container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), pop3Port)) {
                socket.setSoTimeout(2000);
                if (socket.getInputStream().read() == '+') {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Dovecot did not come back on port " + pop3Port);
    }

    @Override
    public void close() {
        container.stop();
    }

    private static String passwd(Map<String, String> users) {
        return users.entrySet().stream()
                .map(user -> user.getKey() + ":{PLAIN}" + user.getValue() + "::::::\n")
                .collect(Collectors.joining());
    }

    private static String config(int pop3Port, int pop3sPort) {
        return """
                protocols = pop3
                listen = 127.0.0.1
                log_path = /dev/stderr
                info_log_path = /dev/stderr
                auth_mechanisms = plain apop
                # Answer wrong passwords at once; the default 2 s delay would only slow the tests.
                auth_failure_delay = 0
                disable_plaintext_auth = no
                auth_verbose = yes
                # The concurrency test logs the same users in many times at once.
                mail_max_userip_connections = 500
                pop3_lock_session = yes
                ssl = yes
                ssl_cert = </etc/dovecot/cert.pem
                ssl_key = </etc/dovecot/key.pem
                mail_location = maildir:~/Maildir
                passdb {
                  driver = passwd-file
                  args = /etc/dovecot/users
                }
                userdb {
                  driver = static
                  args = uid=65534 gid=65534 home=/tmp/mail/%%u
                }
                # All test logins come from 127.0.0.1: without this, each failed login would
                # delay every later one from that address by 2 to 15 s (Dovecot's auth penalty).
                service anvil {
                  unix_listener anvil-auth-penalty {
                    mode = 0
                  }
                }
                service pop3-login {
                  inet_listener pop3 {
                    port = %d
                  }
                  inet_listener pop3s {
                    port = %d
                    ssl = yes
                  }
                }
                """.formatted(pop3Port, pop3sPort);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
