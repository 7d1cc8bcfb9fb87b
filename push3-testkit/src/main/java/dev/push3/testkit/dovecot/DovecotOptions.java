package dev.push3.testkit.dovecot;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a test asks of its Dovecot: the users file and the few features that differ between
 * tests. By default: listening on 127.0.0.1 only, plain-text logins allowed, no delay or
 * penalty after a wrong password, verbose auth log on stderr.
 *
 * @param usersFile the passwd-file Dovecot reads ({@code user:{SCHEME}secret} lines; a line
 *     without a prefix is CRYPT, Dovecot's default)
 * @param apop whether APOP is offered (its timestamp in the greeting); needs {@code {PLAIN}} passwords
 * @param tls whether STLS and an implicit-TLS listener are served, with a {@link TestCertificate}
 * @param sessionLock whether a second session of a user waits for the first ({@code pop3_lock_session})
 * @param metricBlocks when present, the stats HTTP listener runs and these {@code metric} blocks count
 * @param listen the loopback address Dovecot listens on ({@code listen})
 * @param trustedNetworks when present, {@code login_trusted_networks}: clients from there may
 *     send {@code XCLIENT}, and Dovecot's greeting offers it
 * @param penalties whether Dovecot's own defaults after a wrong password apply
 *     ({@code auth_failure_delay = 2s} and the auth penalty of 2 to 15 s per client address)
 * @param plaintextAuth whether clear-text logins are allowed on connections Dovecot does not
 *     count as secured ({@code disable_plaintext_auth = no}); a connection from 127.0.0.1 to
 *     another {@link #listen} address is such a connection
 */
public record DovecotOptions(String usersFile, boolean apop, boolean tls, boolean sessionLock,
        Optional<String> metricBlocks, String listen, Optional<String> trustedNetworks, boolean penalties,
        boolean plaintextAuth) {

    /** Validates the parts; none may be null. */
    public DovecotOptions {
        Objects.requireNonNull(usersFile, "usersFile");
        Objects.requireNonNull(metricBlocks, "metricBlocks");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(trustedNetworks, "trustedNetworks");
    }

    /**
     * Options for these users, their passwords stored as {@code {PLAIN}}, nothing else enabled.
     *
     * @param passwords user name to password
     * @return the options
     */
    public static DovecotOptions plainPasswords(Map<String, String> passwords) {
        return usersFile(passwords.entrySet().stream()
                .map(user -> user.getKey() + ":{PLAIN}" + user.getValue() + "\n")
                .collect(Collectors.joining()));
    }

    /**
     * Options for this passwd-file content as it is, nothing else enabled.
     *
     * @param content the lines of the users file
     * @return the options
     */
    public static DovecotOptions usersFile(String content) {
        return new DovecotOptions(content, false, false, false, Optional.empty(), "127.0.0.1", Optional.empty(), false,
                true);
    }

    /** @return these options with APOP offered */
    public DovecotOptions withApop() {
        return new DovecotOptions(usersFile, true, tls, sessionLock, metricBlocks, listen, trustedNetworks, penalties,
                plaintextAuth);
    }

    /** @return these options with STLS and implicit TLS served */
    public DovecotOptions withTls() {
        return new DovecotOptions(usersFile, apop, true, sessionLock, metricBlocks, listen, trustedNetworks, penalties,
                plaintextAuth);
    }

    /** @return these options with {@code pop3_lock_session = yes} */
    public DovecotOptions withSessionLock() {
        return new DovecotOptions(usersFile, apop, tls, true, metricBlocks, listen, trustedNetworks, penalties,
                plaintextAuth);
    }

    /**
     * Returns these options with the stats HTTP listener and the given metrics.
     *
     * @param blocks the {@code metric} blocks, as an operator writes them in {@code dovecot.conf}
     * @return the options
     */
    public DovecotOptions withStats(String blocks) {
        return new DovecotOptions(usersFile, apop, tls, sessionLock, Optional.of(blocks), listen, trustedNetworks,
                penalties, plaintextAuth);
    }

    /**
     * Returns these options with Dovecot listening on another loopback address.
     *
     * @param address a loopback address such as {@code 127.0.0.2}
     * @return the options
     */
    public DovecotOptions listeningOn(String address) {
        return new DovecotOptions(usersFile, apop, tls, sessionLock, metricBlocks, address, trustedNetworks, penalties,
                plaintextAuth);
    }

    /**
     * Returns these options with {@code login_trusted_networks} set.
     *
     * @param networks for example {@code 127.0.0.1/32}
     * @return the options
     */
    public DovecotOptions trusting(String networks) {
        return new DovecotOptions(usersFile, apop, tls, sessionLock, metricBlocks, listen, Optional.of(networks),
                penalties, plaintextAuth);
    }

    /** @return these options with Dovecot's default failure delay and auth penalty */
    public DovecotOptions withPenalties() {
        return new DovecotOptions(usersFile, apop, tls, sessionLock, metricBlocks, listen, trustedNetworks, true,
                plaintextAuth);
    }

    /** @return these options with {@code disable_plaintext_auth = yes}, Dovecot's default */
    public DovecotOptions withoutPlaintextAuth() {
        return new DovecotOptions(usersFile, apop, tls, sessionLock, metricBlocks, listen, trustedNetworks, penalties,
                false);
    }

    /**
     * Writes {@code dovecot.conf} for these options.
     *
     * @param ports the loopback ports to listen on
     * @return the configuration text
     */
    String dovecotConf(Ports ports) {
        String ssl = tls ? "ssl = yes\nssl_cert = <%s\nssl_key = <%s".formatted(DovecotServer.CERTIFICATE, DovecotServer.KEY)
                : "ssl = no";
        String stats = metricBlocks.map(blocks -> """
                service stats {
                  inet_listener http {
                    address = 127.0.0.1
                    port = %d
                  }
                }
                %s""".formatted(ports.stats(), blocks)).orElse("");
        String trusted = trustedNetworks.map(networks -> "login_trusted_networks = " + networks + "\n").orElse("");
        String delays = penalties ? "# Dovecot's defaults: 2 s after a wrong password, and the auth penalty.\n" : """
                # Answer wrong passwords at once; the default 2 s delay would only slow the tests.
                auth_failure_delay = 0
                # Without this, each failed login would delay every later one from 127.0.0.1
                # by 2 to 15 s (Dovecot's auth penalty).
                service anvil {
                  unix_listener anvil-auth-penalty {
                    mode = 0
                  }
                }
                """;
        return """
                protocols = pop3
                listen = %s
                log_path = /dev/stderr
                info_log_path = /dev/stderr
                auth_mechanisms = %s
                %sdisable_plaintext_auth = %s
                auth_verbose = yes
                # Tests log the same users in many times at once, all from 127.0.0.1.
                mail_max_userip_connections = 500
                pop3_lock_session = %s
                mail_location = maildir:~/Maildir
                # The default scheme: a line without a {SCHEME} prefix is CRYPT, as for Push3's file authenticator.
                passdb {
                  driver = passwd-file
                  args = %s
                }
                userdb {
                  driver = static
                  args = uid=65534 gid=65534 home=/tmp/mail/%%u
                }
                %sservice pop3-login {
                  inet_listener pop3 {
                    port = %d
                  }
                  # Port 0: no implicit-TLS listener.
                  inet_listener pop3s {
                    port = %d%s
                  }
                }
                %s
                %s""".formatted(listen, apop ? "plain apop" : "plain", trusted, plaintextAuth ? "no" : "yes",
                sessionLock ? "yes" : "no", DovecotServer.USERS, delays,
                ports.pop3(), ports.pop3s(), tls ? "\n    ssl = yes" : "", ssl, stats);
    }

    /**
     * The loopback ports of the listeners.
     *
     * @param pop3 plain POP3 (STLS offered with TLS)
     * @param pop3s implicit TLS; 0 (no listener) without TLS
     * @param stats the stats HTTP listener; unused without stats
     */
    record Ports(int pop3, int pop3s, int stats) {
        /** @return these ports with no implicit-TLS listener */
        Ports withoutTls() {
            return new Ports(pop3, 0, stats);
        }
    }
}
