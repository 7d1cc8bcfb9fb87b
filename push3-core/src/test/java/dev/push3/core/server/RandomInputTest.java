package dev.push3.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.core.settings.ServerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Property: whatever bytes a client sends, it gets exactly one reply per line (per LF),
 * each a well-formed reply, no more (a marker request's reply comes next), and the server
 * keeps serving others. The seed is printed in the failure message so a failing case can
 * be replayed ({@code -Dpush3.random.seed}).
 */
class RandomInputTest {
    private static final long BASE_SEED = Long.getLong("push3.random.seed", System.nanoTime());
    /** A command no random input makes: its reply shows where the replies to the input end. */
    private static final String MARKER = "ZZMARKER";
    private static Push3Server server;

    @BeforeAll
    static void start() throws IOException {
        server = Push3Server.start(ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                        .failureDelay(Duration.ZERO).maxLoginFailures(Integer.MAX_VALUE)
                        .penaltyMax(Duration.ZERO) // random wrong LOGINs from one address would wait out penalties
                        .build(),
                Backends.of("test", new UsersAuthenticator(Map.of("alice", "secret"))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @RepeatedTest(60)
    void anyBytesGetOneReplyPerLine(RepetitionInfo repetition) throws IOException {
        long seed = BASE_SEED + repetition.getCurrentRepetition();
        Random random = new Random(seed);
        byte[] input = randomInput(random);
        int lines = 0;
        for (byte b : input) {
            if (b == '\n') {
                lines++;
            }
        }
        try (WireClient c = new WireClient(server.port())) {
            c.send(input);
            boolean finished = false;
            for (int i = 0; i < lines && !finished; i++) {
                String reply = c.line();
                assertThat(reply).as("seed %d, reply %d", seed, i).matches("->(SUCCESS|FAIL)(: [\\x20-\\x7e]*)?");
                finished = reply.equals("->SUCCESS: bye"); // the lines after FINISH/QUIT are not read
            }
            if (!finished) { // exactly one reply per line: the marker's reply must be the very next line
                assertThat(c.request(MARKER)).as("seed %d: the reply after the last line's", seed)
                        .isEqualTo("->FAIL: unknown command " + MARKER);
            }
        }
        try (WireClient other = new WireClient(server.port())) {
            assertThat(other.request("CAPA")).as("seed %d", seed).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
        }
    }

    /** Mixes valid commands, random bytes, CR/LF and over-long runs. */
    private static byte[] randomInput(Random random) {
        String[] words = {"LOGIN alice secret", "LOGIN alice x", "METRICS", "CAPA", "NOOP", "LOGIN", "login a b c"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int parts = 1 + random.nextInt(40);
        for (int i = 0; i < parts; i++) {
            switch (random.nextInt(5)) {
                case 0 -> out.writeBytes(words[random.nextInt(words.length)].getBytes());
                case 1 -> {
                    byte[] noise = new byte[random.nextInt(64)];
                    random.nextBytes(noise);
                    out.writeBytes(noise);
                }
                case 2 -> out.writeBytes("x".repeat(random.nextInt(1200)).getBytes());
                case 3 -> out.write('\r');
                default -> out.write('\n');
            }
        }
        out.write('\n');
        return out.toByteArray();
    }
}
