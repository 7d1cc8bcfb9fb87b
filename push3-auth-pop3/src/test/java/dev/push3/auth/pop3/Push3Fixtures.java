package dev.push3.auth.pop3;

import dev.push3.api.PluginConfig;
import dev.push3.api.auth.Authenticator;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import dev.push3.testkit.dovecot.DovecotServer;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The real parts the tests put together: the pop3 authenticator for a Dovecot, a Push3 server over it. */
final class Push3Fixtures {
    private Push3Fixtures() {
    }

    /**
     * The pop3 authenticator for a running Dovecot's plain POP3 port.
     *
     * @param extra more {@code auth.pop3.*} keys, overriding host and port if given
     */
    static Authenticator pop3(DovecotServer dovecot, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>();
        config.put("auth.pop3.host", dovecot.host());
        config.put("auth.pop3.port", String.valueOf(dovecot.pop3Port()));
        config.putAll(extra);
        return new Pop3AuthenticatorProvider().create(PluginConfig.of(config));
    }

    /**
     * A Push3 server on 127.0.0.1 without failure delay and without the per-address penalty,
     * at most {@code maxFailures} failed LOGINs a session. The penalty (core's, tested there)
     * would check the LOGINs of one address one at a time and make each wrong one wait longer:
     * these tests are about the authenticator and Dovecot's own penalty.
     */
    static Push3Server push3(Authenticator authenticator, int maxFailures) throws IOException {
        // No per-address penalty: the tests send many LOGINs, some wrong, from 127.0.0.1 at once, and test the backend.
        ServerSettings settings = ServerSettings.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .failureDelay(Duration.ZERO).penaltyMax(Duration.ZERO).maxLoginFailures(maxFailures).build();
        return Push3Server.start(settings, Backends.of(Pop3AuthenticatorProvider.NAME, authenticator));
    }

    /** A Push3 server on 127.0.0.1 without failure delay or penalty, and the default of 3 failed LOGINs a session. */
    static Push3Server push3(Authenticator authenticator) throws IOException {
        return push3(authenticator, ServerSettings.DEFAULT_MAX_LOGIN_FAILURES);
    }
}
