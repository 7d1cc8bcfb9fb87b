package dev.push3.auth.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.auth.file.passwd.PasswordHasher;
import dev.push3.auth.file.scheme.Scheme;
import dev.push3.testkit.IntegrationGate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * One users file, two readers: the real Dovecot POP3 server (in a container, passwd-file
 * passdb with its default scheme) and Push3's file authenticator must agree on every line.
 * The file holds a line made by {@code push3 passwd} for every scheme, and a bare
 * {@code $6$} line without prefix.
 */
class DovecotSharesTheUsersFileTest {
    private static final String IMAGE = "push3-test/dovecot:2.3";

    @TempDir
    static Path dir;
    private static GenericContainer<?> dovecot;
    private static int pop3Port;
    private static Authenticator push3;
    /** User name to password, in file order. */
    private static final Map<String, String> USERS = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        IntegrationGate.requireDockerImage(IMAGE);
        List<String> lines = new ArrayList<>();
        for (String scheme : PasswordHasher.schemes()) {
            String user = "u-" + scheme.toLowerCase(Locale.ROOT);
            String password = "pw " + scheme;
            USERS.put(user, password);
            lines.add(PasswordHasher.line(user, scheme, password.toCharArray()));
        }
        USERS.put("bare", "bare pw");
        lines.add("bare:" + Scheme.SHA512_CRYPT.generate("bare pw".toCharArray()));
        String file = String.join("\n", lines) + "\n";

        Path users = Files.writeString(dir.resolve("users"), file);
        push3 = new FileAuthenticatorProvider().create(PluginConfig.of(Map.of("auth.file.path", users.toString())));
        pop3Port = freePort();
        dovecot = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withNetworkMode("host")
                .withCopyToContainer(Transferable.of(config(pop3Port)), "/etc/dovecot/dovecot.conf")
                .withCopyToContainer(Transferable.of(file), "/etc/dovecot/users")
                .waitingFor(Wait.forLogMessage(".*starting up.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
        dovecot.start();
    }

    @AfterAll
    static void stop() {
        if (dovecot != null) {
            dovecot.stop();
        }
        if (push3 != null) {
            push3.close();
        }
    }

    @Test
    void dovecotAndPush3AcceptTheSamePasswords() throws IOException {
        for (Map.Entry<String, String> user : USERS.entrySet()) {
            assertThat(pop3Login(user.getKey(), user.getValue())).as("Dovecot, " + user.getKey()).isTrue();
            assertThat(push3.authenticate(new Credentials(user.getKey(), user.getValue())))
                    .as("Push3, " + user.getKey()).isEqualTo(AuthOutcome.accepted(user.getKey()));
        }
    }

    @Test
    void dovecotAndPush3RejectTheSameWrongPasswords() throws IOException {
        for (String user : USERS.keySet()) {
            assertThat(pop3Login(user, "wrong")).as("Dovecot, " + user).isFalse();
            assertThat(push3.authenticate(new Credentials(user, "wrong"))).as("Push3, " + user)
                    .isEqualTo(AuthOutcome.rejected());
        }
    }

    /** USER and PASS over plain POP3 on loopback; true on {@code +OK}. */
    private static boolean pop3Login(String user, String password) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), pop3Port)) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("+OK");
            out.write(("USER " + user + "\r\n").getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).startsWith("+OK");
            out.write(("PASS " + password + "\r\n").getBytes(StandardCharsets.UTF_8));
            boolean accepted = in.readLine().startsWith("+OK");
            out.write("QUIT\r\n".getBytes(StandardCharsets.UTF_8));
            return accepted;
        }
    }

    private static String config(int port) {
        return """
                protocols = pop3
                listen = 127.0.0.1
                log_path = /dev/stderr
                info_log_path = /dev/stderr
                auth_mechanisms = plain
                auth_failure_delay = 0
                disable_plaintext_auth = no
                auth_verbose = yes
                ssl = no
                mail_location = maildir:~/Maildir
                # passwd-file without scheme=: lines without a prefix are CRYPT, Push3's default too.
                passdb {
                  driver = passwd-file
                  args = /etc/dovecot/users
                }
                userdb {
                  driver = static
                  args = uid=65534 gid=65534 home=/tmp/mail/%%u
                }
                # Every test login comes from 127.0.0.1; no penalty delay after the wrong ones.
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
                    port = 0
                  }
                }
                """.formatted(port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
