package dev.push3.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The penalty table's memory bound and forgetting; its effect on LOGIN is tested over TCP in AbuseTest. */
class AuthPenaltyTest {

    private static ClientNetwork network(String address) throws UnknownHostException {
        return ClientNetwork.of(InetAddress.getByName(address));
    }

    private static void fail(AuthPenalty penalty, ClientNetwork network) throws InterruptedException {
        Optional<AuthPenalty.Turn> turn = penalty.await(network, Duration.ofSeconds(10));
        assertThat(turn).isPresent();
        try (AuthPenalty.Turn t = turn.get()) {
            t.failed();
        }
    }

    @Test
    void ipv6AddressesCountPerSlash64() throws UnknownHostException {
        assertThat(network("2001:db8:1:2::1")).isEqualTo(network("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assertThat(network("2001:db8:1:2::1")).isNotEqualTo(network("2001:db8:1:3::1"));
        assertThat(network("2001:db8:1:2::1")).hasToString("2001:db8:1:2:0:0:0:0/64");
        assertThat(network("127.0.0.2")).isNotEqualTo(network("127.0.0.3")).hasToString("127.0.0.2");
    }

    @Test
    void failuresAreForgottenAfterTheQuietPeriod() throws Exception {
        AuthPenalty penalty = new AuthPenalty(Duration.ofMillis(5)); // forgotten after 200 ms
        fail(penalty, network("127.0.0.2"));
        assertThat(penalty.penalizedAddresses()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            penalty.forgetExpired();
            return penalty.penalizedAddresses() == 0;
        });
    }

    @Test
    void aFullTableMakesNewAddressesShareOnePenaltyInsteadOfGrowing() throws Exception {
        AuthPenalty penalty = new AuthPenalty(Duration.ofSeconds(15), 3);
        for (int i = 1; i <= 3; i++) {
            fail(penalty, network("10.0.0." + i));
        }
        assertThat(penalty.penalizedAddresses()).isEqualTo(3);
        fail(penalty, network("10.0.1.1")); // the table is full of live penalties: goes to the shared entry
        assertThat(penalty.penalizedAddresses()).isEqualTo(4);
        // The shared entry is penalized now: another new address waits for it too.
        assertThat(penalty.await(network("10.0.1.2"), Duration.ofMillis(100))).isEmpty();
        // A known address is not affected by the shared penalty's wait of its own.
        assertThat(penalty.penalizedAddresses()).isEqualTo(4);
    }
}
