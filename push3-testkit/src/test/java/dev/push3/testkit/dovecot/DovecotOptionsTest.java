package dev.push3.testkit.dovecot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code dovecot.conf} each option writes; the Dovecot tests of the modules run it for real. */
class DovecotOptionsTest {
    private static final DovecotOptions.Ports PORTS = new DovecotOptions.Ports(11110, 11995, 19900);

    @Test
    void storesPlainPasswordsWithTheirScheme() {
        assertThat(DovecotOptions.plainPasswords(Map.of("alice", "two words")).usersFile())
                .isEqualTo("alice:{PLAIN}two words\n");
    }

    @Test
    void byDefaultServesPlainPop3OnlyWithUsersFromTheFile() {
        String conf = DovecotOptions.usersFile("bob:$6$salt$hash\n").dovecotConf(PORTS.withoutTls());

        assertThat(conf).contains("auth_mechanisms = plain\n", "pop3_lock_session = no\n", "ssl = no\n",
                "args = /etc/dovecot/users\n", "home=/tmp/mail/%u\n", "port = 11110\n", "port = 0\n",
                "auth_failure_delay = 0\n", "unix_listener anvil-auth-penalty {\n    mode = 0\n")
                .doesNotContain("apop", "ssl_cert", "ssl = yes", "service stats", "scheme=");
    }

    @Test
    void eachOptionAddsItsSettings() {
        String conf = DovecotOptions.plainPasswords(Map.of()).withApop().withTls().withSessionLock()
                .withStats("metric auth_success {\n  filter = event=auth_request_finished\n}\n").dovecotConf(PORTS);

        assertThat(conf).contains("auth_mechanisms = plain apop\n", "pop3_lock_session = yes\n",
                "inet_listener pop3s {\n    port = 11995\n    ssl = yes\n  }\n",
                "ssl = yes\nssl_cert = </etc/dovecot/cert.pem\nssl_key = </etc/dovecot/key.pem\n",
                "service stats {\n  inet_listener http {\n    address = 127.0.0.1\n    port = 19900\n",
                "metric auth_success {\n  filter = event=auth_request_finished\n}\n")
                .doesNotContain("ssl = no");
    }

    @Test
    void canTrustPush3AndKeepDovecotsOwnDefaultsForWrongPasswords() {
        String conf = DovecotOptions.plainPasswords(Map.of()).listeningOn("127.0.0.2").trusting("127.0.0.1/32")
                .withPenalties().withoutPlaintextAuth().dovecotConf(PORTS.withoutTls());

        assertThat(conf).contains("listen = 127.0.0.2\n", "login_trusted_networks = 127.0.0.1/32\n",
                "disable_plaintext_auth = yes\n")
                .doesNotContain("auth_failure_delay", "anvil-auth-penalty", "disable_plaintext_auth = no");
    }
}
