package dev.push3.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/**
 * The clear-text LOGIN decision for addresses the tests may not connect to (the network
 * rule keeps them on loopback); the loopback case runs over real sockets in the app's CLI tests.
 */
class PlaintextLoginTest {
    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal); // a literal: no lookup, no packet
    }

    @Test
    void clearTextGoesOnlyToLoopbackUnlessTlsOrExplicitlyAccepted() throws UnknownHostException {
        for (String loopback : new String[] {"127.0.0.1", "127.0.0.2", "127.255.255.254", "::1"}) {
            assertThat(PlaintextLogin.allowed(address(loopback), false, false)).as(loopback).isTrue();
        }
        for (String remote : new String[] {"192.0.2.10", "10.0.0.1", "0.0.0.0", "2001:db8::1", "::ffff:192.0.2.10"}) {
            assertThat(PlaintextLogin.allowed(address(remote), false, false)).as(remote).isFalse();
            assertThat(PlaintextLogin.allowed(address(remote), true, false)).as(remote + " over TLS").isTrue();
            assertThat(PlaintextLogin.allowed(address(remote), false, true)).as(remote + " accepted").isTrue();
        }
    }

    @Test
    void theRefusalNamesTheAddressAndTheWaysOut() throws UnknownHostException {
        assertThat(new PlaintextLogin.RefusedException(address("192.0.2.10"), true)).hasMessage(
                "not sending the password in clear text to 192.0.2.10, which is not a loopback address: "
                + "use STLS (--starttls) or implicit TLS (--tls); the server offers STLS, "
                + "or accept clear text explicitly (--allow-plaintext-login)");
    }

    @Test
    void aTlsRecordIsRecognisedAndAReplyIsNot() {
        assertThat(Push3Client.tlsRecord("\u0015\u0003\u0003\u0000\u0002\u0002\u0032")).isTrue();
        assertThat(Push3Client.tlsRecord("\u0016\u0003\u0001")).isTrue();
        assertThat(Push3Client.tlsRecord("->SUCCESS: bye")).isFalse();
        assertThat(Push3Client.tlsRecord("\u0015")).isFalse();
    }
}
