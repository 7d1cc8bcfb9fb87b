package dev.push3.auth.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.core.client.Push3Client;
import dev.push3.core.server.Push3Server;
import dev.push3.core.wire.Reply;
import dev.push3.testkit.RequiresDocker;
import dev.push3.testkit.dovecot.DovecotOptions;
import dev.push3.testkit.dovecot.DovecotServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End to end: Push3 clients over TCP, the Push3 server, the pop3 authenticator, the real Dovecot. */
@RequiresDocker
class Push3OverPop3Test {
    private static final int CLIENTS = 50;
    private static final int USERS = 10;
    private static DovecotServer dovecot;

    @BeforeAll
    static void startDovecot() throws Exception {
        Map<String, String> users = new HashMap<>();
        for (int i = 0; i < USERS; i++) {
            users.put(user(i), password(i));
        }
        dovecot = DovecotServer.start(DovecotOptions.plainPasswords(users).withApop().withSessionLock());
    }

    @AfterAll
    static void stopDovecot() {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    @Test
    void answersFiftyConcurrentLoginsEachCorrectly() throws Exception {
        // Generous timeouts: on a loaded machine Dovecot may take seconds to greet 50 logins at once,
        // and this test is about every login getting its right answer, not about speed.
        try (Push3Server server = push3(Map.of("auth.pop3.mechanism", "user",
                        "auth.pop3.read-timeout", "30s", "auth.pop3.connect-timeout", "30s"));
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int n = i;
                replies.add(clients.submit(() -> {
                    try (Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(60))) {
                        start.await();
                        // Every third client sends a wrong password.
                        return client.login(user(n % USERS), n % 3 == 0 ? "wrong" : password(n % USERS));
                    }
                }));
            }
            start.countDown();

            for (int i = 0; i < CLIENTS; i++) {
                Reply reply = replies.get(i).get();
                if (i % 3 == 0) {
                    assertThat(reply).as("client %d", i).isInstanceOf(Reply.Fail.class);
                    assertThat(reply.text()).as("client %d", i).isEqualTo("invalid credentials");
                } else {
                    assertThat(reply).as("client %d", i).isInstanceOf(Reply.Success.class);
                }
            }
            // The outcomes are the server's counters, last_reachable is the plugin's.
            Map<String, BigDecimal> metrics = metricsOf(server);
            assertThat(metrics).containsEntry("push3.logins.succeeded", BigDecimal.valueOf(CLIENTS - 17 + 1))
                    .containsEntry("push3.logins.failed", BigDecimal.valueOf(17))
                    .containsEntry("push3.logins.unavailable", BigDecimal.ZERO)
                    .containsEntry("push3.auth.pop3.last_reachable", BigDecimal.ONE);
        }
    }

    @Test
    void tellsTheClientWhenThePop3ServerCannotBeReached() throws Exception {
        try (Push3Server server = push3(Map.of("auth.pop3.port", "1"));
                Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            Reply reply = client.login(user(0), password(0));

            assertThat(reply).isInstanceOf(Reply.Fail.class);
            assertThat(reply.text()).isEqualTo("authentication backend unavailable, try again later");
        }
    }

    /** Logs in once more, as a user of Dovecot, to read METRICS (the server counts that login too). */
    private static Map<String, BigDecimal> metricsOf(Push3Server server) throws Exception {
        try (Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            assertThat(client.login(user(1), password(1)).success()).isTrue();
            return client.metrics();
        }
    }

    private static Push3Server push3(Map<String, String> extra) throws Exception {
        return Push3Fixtures.push3(Push3Fixtures.pop3(dovecot, extra));
    }

    private static String user(int i) {
        return "user%02d".formatted(i);
    }

    private static String password(int i) {
        return "pw-" + i + "-" + Integer.toHexString(31 * i + 7);
    }
}
