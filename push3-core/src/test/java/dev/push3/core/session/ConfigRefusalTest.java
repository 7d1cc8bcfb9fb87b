package dev.push3.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Who may use CONFIG (PROTOCOL.md decisions 27 and 28). Over TCP the tests reach the server
 * only from loopback (ConfigOverTcpTest), so the rule for another host is checked here on
 * the address alone: no packet leaves the machine.
 */
class ConfigRefusalTest {
    private static final Set<String> ADMINS = Set.of("root");

    @Test
    void clearTextFromAnotherHostIsRefusedEvenToAnAdministrator() throws Exception {
        InetAddress elsewhere = InetAddress.getByName("192.0.2.7");
        assertThat(ConfigCommand.refusal(false, elsewhere, Optional.of("root"), ADMINS))
                .map(ConfigCommand.Refusal::text).contains("CONFIG needs TLS from another host, send STLS before LOGIN");
        assertThat(ConfigCommand.refusal(false, InetAddress.getByName("2001:db8::7"), Optional.of("root"), ADMINS))
                .map(ConfigCommand.Refusal::text).contains("CONFIG needs TLS from another host, send STLS before LOGIN");
        assertThat(ConfigCommand.refusal(true, elsewhere, Optional.of("root"), ADMINS)).isEmpty();
    }

    @Test
    void onLoopbackOnlyTheAdministratorsMay() throws Exception {
        for (String loopback : new String[] {"127.0.0.1", "127.0.0.3", "::1"}) {
            InetAddress address = InetAddress.getByName(loopback);
            assertThat(ConfigCommand.refusal(false, address, Optional.of("root"), ADMINS)).as(loopback).isEmpty();
            assertThat(ConfigCommand.refusal(false, address, Optional.of("alice"), ADMINS)).map(ConfigCommand.Refusal::text).contains("CONFIG needs an administrator");
            assertThat(ConfigCommand.refusal(false, address, Optional.of("root"), Set.of())).map(ConfigCommand.Refusal::text).contains("CONFIG needs an administrator");
        }
    }
}
