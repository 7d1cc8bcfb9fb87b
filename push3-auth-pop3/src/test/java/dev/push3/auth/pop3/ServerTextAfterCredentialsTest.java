package dev.push3.auth.pop3;

import static dev.push3.auth.pop3.MisbehavingServerTest.authenticator;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whatever a server says after the credentials went out stays out of every log line: the
 * Push3 server's and the plugin's (at DEBUG too), whatever the password looks like and
 * however the server echoes it.
 */
class ServerTextAfterCredentialsTest {
    /** Quotes, an equals sign, a trailing dot, spaces, non-ASCII: each defeated a scrubbing rule. */
    private static final List<String> PASSWORDS = List.of("Zq7'quoted'", "Zq7 pass=Vx9", "Zq7Vx9.", "Zq7-pässwörd-€",
            "\"Zq7Vx8\"", "Zq7 two words");
    /** How servers of public bug reports answered; %s is the password as the server received it. */
    private static final List<String> REPLIES = List.of("-ERR [SYS/TEMP] bad password '%s'", "-ERR [SYS/PERM] pass=%s",
            "-ERR [LOGIN-DELAY] %s.", "-ERR [AUTH] invalid password %s", "-ERR %s", "%s", "?? you said PASS %s",
            "+ %s", "-ERR [SYS/TEMP] \"%s\" rejected");

    @Test
    void noPasswordReachesTheLogWhateverTheServerEchoes() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        List<String> replies = new ArrayList<>();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (String template : REPLIES) {
                for (String mechanism : List.of("user", "sasl-plain")) {
                    replies.addAll(logInThroughPush3(template, mechanism));
                }
            }
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8) + captured.toString(StandardCharsets.ISO_8859_1);

        for (String password : PASSWORDS) {
            for (String form : leakedForms(password)) {
                assertThat(log).as("the log, for the password %s", password).doesNotContain(form);
            }
        }
        // ... and the capture worked and saw both kinds of outcome.
        assertThat(replies).contains("->FAIL: invalid credentials",
                "->FAIL: authentication backend unavailable, try again later");
        assertThat(log).contains("LOGIN rejected for alice", "could not be checked: server could not check the password"
                + " after PASS: -ERR [SYS/TEMP]", "POP3 login of alice");
    }

    private static List<String> logInThroughPush3(String template, String mechanism) throws Exception {
        List<String> replies = new ArrayList<>();
        try (var pop3 = ScriptedPop3Server.start(peer -> {
                    peer.send("+OK ready");
                    peer.replies("+OK\r\nUSER\r\nSASL PLAIN\r\n.");
                    String line = peer.read();
                    String password; // as the server received it: UTF-8 bytes, one char each
                    if (line.startsWith("USER ")) {
                        peer.send("+OK");
                        password = peer.read().substring("PASS ".length());
                    } else {
                        String response = line.substring("AUTH PLAIN ".length());
                        String decoded = new String(Base64.getDecoder().decode(response), StandardCharsets.ISO_8859_1);
                        password = decoded.substring(decoded.lastIndexOf('\0') + 1) + " " + response;
                    }
                    peer.send(template.formatted(password));
                    if (peer.read().equals("QUIT")) {
                        peer.send("+OK bye");
                    }
                });
                var push3 = Push3Fixtures.push3(authenticator(pop3, Map.of("auth.pop3.mechanism", mechanism)))) {
            for (String password : PASSWORDS) {
                try (var client = LoopbackClient.connect("127.0.0.2", push3.port())) {
                    replies.add(client.login("alice", password));
                }
            }
        }
        return replies;
    }

    /** The password, and what a logger or a quoting rule could have made of it. */
    private static List<String> leakedForms(String password) {
        String received = new String(password.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String plain = Base64.getEncoder().encodeToString(("\0alice\0" + password).getBytes(StandardCharsets.UTF_8));
        return List.of(password, received, asciiOnly(password), asciiOnly(received), plain);
    }

    private static String asciiOnly(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }
}
