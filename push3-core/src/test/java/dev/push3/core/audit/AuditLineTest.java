package dev.push3.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"alice", "a\"b", "back\\slash", "x}{y", "tab\there", "del\u007f"})
    void everyLineIsOneJsonObjectWithTheFieldsInOrder(String user) throws Exception {
        Audit.Peer peer = new Audit.Peer(42, new InetSocketAddress("127.0.0.2", 40001), Optional.of("TLSv1.3"), Optional.of(user));

        String line = Audit.line(peer, Audit.Event.LOGIN, "rejected", Instant.parse("2026-11-30T12:00:00.123456Z"));

        assertThat(line).doesNotContain("\n", "\r");
        JsonNode node = JSON.readTree(line);
        assertThat(iterable(node)).containsExactly("time", "event", "outcome", "session", "remote", "port", "tls", "user");
        assertThat(node.get("time").asText()).isEqualTo("2026-11-30T12:00:00.123Z");
        assertThat(node.get("event").asText()).isEqualTo("login");
        assertThat(node.get("session").asLong()).isEqualTo(42);
        assertThat(node.get("remote").asText()).isEqualTo("127.0.0.2");
        assertThat(node.get("port").asInt()).isEqualTo(40001);
        assertThat(node.get("user").asText()).isEqualTo(user);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1"})
    void clearTextAndNoUserAreNull(String address) throws Exception {
        Audit.Peer peer = new Audit.Peer(0, new InetSocketAddress(address, 5), Optional.empty(), Optional.empty());

        JsonNode node = JSON.readTree(Audit.line(peer, Audit.Event.CONNECT, "too-many-connections", Instant.EPOCH));

        assertThat(node.get("tls").isNull()).isTrue();
        assertThat(node.get("user").isNull()).isTrue();
        assertThat(node.get("remote").asText()).isEqualTo("0:0:0:0:0:0:0:1");
    }

    private static Iterable<String> iterable(JsonNode node) {
        return node::fieldNames;
    }
}
