package dev.push3.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.PluginConfig;
import dev.push3.core.audit.Audit;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.settings.SettingsRegistry;
import dev.push3.testkit.OpenSsl;
import dev.push3.testkit.RequiresProgram;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS certificate files change at run time: a new pair is checked as at start-up before
 * it is served (a key that does not match is refused with the start-up message), a new
 * handshake gets the new certificate, and TLS cannot be turned off without a restart.
 * Real openssl-made files, a real TLS handshake over TCP.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@RequiresProgram(value = "openssl", hint = "apt-get install openssl")
class ConfigTlsTest {
    @TempDir
    Path dir;

    private final UsersAuthenticator users = new UsersAuthenticator(Map.of("root", "rootpw"));

    @Test
    void aNewPairIsCheckedThenServedToNewHandshakes() throws Exception {
        TlsFiles tls = TlsFiles.create(dir);
        OpenSsl.ecKey(dir, "key2.pem");
        OpenSsl.signed(dir, "key2.pem", "cert2.pem", "second", "subjectAltName=DNS:localhost");
        Map<String, String> file = new HashMap<>(Map.of("server.port", "0", "auth.failure-delay", "0s", "auth.admins", "root",
                "server.tls.required", "false", "server.tls.cert", tls.certificate().toString(),
                "server.tls.key", tls.key().toString()));
        SettingsRegistry registry = new SettingsRegistry(PluginConfig.of(file));
        try (Push3Server server = Push3Server.start(registry, Backends.of("test", users), new MetricRegistry(),
                new Audit(Clock.systemUTC(), line -> { }))) {
            try (WireClient root = new WireClient(server.port())) {
                assertThat(root.request("LOGIN root rootpw")).isEqualTo("->SUCCESS: logged in");
                // The check read files: the reason (the key does not match) goes to the log, not to the client.
                assertThat(root.request("CONFIG server.tls.cert " + dir.resolve("cert2.pem"))).isEqualTo("->FAIL: server.tls.cert: the file "
                        + dir.resolve("cert2.pem") + " cannot be used; the reason is in the server log");
            }
            file.put("server.tls.cert", dir.resolve("cert2.pem").toString());
            file.put("server.tls.key", dir.resolve("key2.pem").toString());
            assertThat(server.reload(PluginConfig.of(file))).isInstanceOf(SettingsRegistry.Reload.Reloaded.class);
            try (WireClient next = new WireClient(server.port())) {
                assertThat(next.request("STLS")).isEqualTo("->SUCCESS: begin TLS");
                next.startTls(tls.clientContext(false));
                assertThat(next.peerSubject()).isEqualTo("CN=second");
            }
            Map<String, String> off = new HashMap<>(file);
            off.remove("server.tls.cert");
            off.remove("server.tls.key");
            // Turning TLS off waits for a restart; the file's other changes still apply (decision 30).
            off.put("auth.max-failures", "1");
            assertThat(server.reload(PluginConfig.of(off))).isEqualTo(new SettingsRegistry.Reload.Reloaded(
                    List.of(new SettingsRegistry.Change("auth.max-failures", "3", "1", false)),
                    List.of("server.tls.cert", "server.tls.key")));
            assertThat(registry.shown()).containsEntry("server.tls.cert", dir.resolve("cert2.pem").toString())
                    .containsEntry("auth.max-failures", "1");
            try (WireClient next = new WireClient(server.port())) {
                assertThat(next.request("STLS")).isEqualTo("->SUCCESS: begin TLS"); // still on until a restart
            }
        }
    }
}
