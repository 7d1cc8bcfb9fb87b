package dev.push3.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.core.audit.Audit;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.settings.SettingGroup;
import dev.push3.core.settings.SettingKey;
import dev.push3.core.settings.SettingsRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reviewer's attacks on CONFIG (issue 17) over real TCP and real files: a refused value
 * never brings a file's content into the reply.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigHardeningTest {
    private static final String SECRET_LINE = "root:$6$secret-hash:20228:0:99999:7:::";

    private final UsersAuthenticator users = new UsersAuthenticator(Map.of("root", "rootpw"));
    private final List<String> audit = new CopyOnWriteArrayList<>();
    @TempDir
    Path dir;
    private SettingsRegistry registry;
    private Push3Server server;

    private void start(Map<String, String> config) throws IOException {
        Map<String, String> all = new HashMap<>(Map.of("server.port", "0", "auth.failure-delay", "0s", "auth.penalty.max", "0s",
                "auth.admins", "root"));
        all.putAll(config);
        registry = new SettingsRegistry(PluginConfig.of(all));
        // A plugin's file key whose parser quotes the line it could not parse, as JMX rules did.
        registry.register(SettingGroup.single(SettingKey.changeable("pop3.rules-file"), "", ConfigHardeningTest::parseRules,
                rules -> { }));
        registry.register(SettingGroup.single(SettingKey.changeable("pop3.banner"), "POP3 ready", text -> text, text -> { }));
        server = Push3Server.start(registry, Backends.of("test", users), new MetricRegistry(),
                new Audit(Clock.systemUTC(), audit::add));
    }

    private static List<String> parseRules(String file) {
        if (file.isEmpty()) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            lines.stream().filter(line -> !line.startsWith("rule ")).findFirst().ifPresent(line -> {
                throw new ConfigException("pop3.rules-file", "expected a rule, found 1 field in '" + line + "'");
            });
            return lines;
        } catch (IOException e) {
            throw new ConfigException("pop3.rules-file", "cannot read " + file + ": " + ConfigException.reason(e));
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private WireClient root() throws IOException {
        WireClient client = new WireClient(server.port());
        assertThat(client.request("LOGIN root rootpw")).isEqualTo("->SUCCESS: logged in");
        return client;
    }

    @Test
    void aRefusedFileValueNeverQuotesTheFileInTheReply() throws Exception {
        Path shadow = Files.writeString(dir.resolve("shadow"), SECRET_LINE + "\n");
        Path missing = dir.resolve("missing");
        start(Map.of());
        try (WireClient root = root()) {
            String reply = root.request("CONFIG pop3.rules-file " + shadow);
            assertThat(reply).startsWith("->FAIL: pop3.rules-file: ").doesNotContain("secret", "root:", "20228");
            assertThat(reply).isEqualTo("->FAIL: pop3.rules-file: the file " + shadow + " cannot be used; the reason is in the server log");
            // That a file does not exist discloses nothing and is still told.
            assertThat(root.request("CONFIG pop3.rules-file " + missing))
                    .isEqualTo("->FAIL: pop3.rules-file: cannot read " + missing + ": no such file");
        }
    }

    @Test
    void aCertificateThatIsNoPemIsRefusedWithoutItsContent() throws Exception {
        TlsFiles tls = TlsFiles.create(dir);
        start(Map.of("server.tls.cert", tls.certificate().toString(), "server.tls.key", tls.key().toString()));
        Path shadow = Files.writeString(dir.resolve("shadow"), "-----BEGIN CERTIFICATE-----\n" + SECRET_LINE + "\n-----END CERTIFICATE-----\n");
        try (WireClient root = root()) {
            assertThat(root.request("CONFIG server.tls.cert " + shadow)).doesNotContain("secret", "root:", "20228")
                    .startsWith("->FAIL: server.tls.cert: ");
        }
    }

    /**
     * A FIFO once hung every CONFIG and reload (the check runs under the live settings' lock),
     * and /dev/zero made the PEM reader allocate gigabytes: only regular files of at most
     * 1 MiB are read.
     */
    @Test
    void aFifoADeviceOrAHugeFileIsRefusedAtOnce() throws Exception {
        TlsFiles tls = TlsFiles.create(dir);
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();
        Path huge = dir.resolve("huge.pem");
        try (var out = Files.newOutputStream(huge)) {
            out.write(Files.readAllBytes(tls.certificate()));
            out.write(new byte[2 << 20]);
        }
        start(Map.of("server.tls.cert", tls.certificate().toString(), "server.tls.key", tls.key().toString()));
        try (WireClient root = root()) {
            assertThat(root.request("CONFIG server.tls.cert " + fifo)).isEqualTo("->FAIL: server.tls.cert: cannot read " + fifo
                    + ": not a regular file; a FIFO, socket or device is never read as configuration");
            assertThat(root.request("CONFIG server.tls.cert /dev/zero")).isEqualTo("->FAIL: server.tls.cert: cannot read"
                    + " /dev/zero: not a regular file; a FIFO, socket or device is never read as configuration");
            assertThat(root.request("CONFIG server.tls.cert " + huge)).startsWith("->FAIL: server.tls.cert: ");
            assertThat(root.request("CONFIG auth.max-failures 2")).startsWith("->SUCCESS: auth.max-failures=2");
        }
    }

    /**
     * Values with characters that must not pass: a NUL in a path gave "internal error" and a
     * raw NUL in the log; auth.admins took control characters and U+2028 because the names
     * were trimmed before the check; the audit trail wrote U+2028, U+2029 and NEL raw.
     */
    @Test
    void aNulInAPathControlCharactersInAdminsAndSeparatorsInTheAuditAreHandled() throws Exception {
        TlsFiles tls = TlsFiles.create(dir);
        start(Map.of("server.tls.cert", tls.certificate().toString(), "server.tls.key", tls.key().toString()));
        try (WireClient root = root()) {
            assertThat(root.request("CONFIG server.tls.cert /tmp/a%00b"))
                    .isEqualTo("->FAIL: server.tls.cert: must be a file path: nul character not allowed");
            for (String bad : List.of("root%E2%80%A8", "root%0B", "root,%C2%85alice", "%1Froot")) {
                assertThat(root.request("CONFIG auth.admins " + bad)).as(bad).startsWith("->FAIL: auth.admins: a user name is"
                        + " printable ASCII without spaces, as LOGIN takes it, was '");
            }
            assertThat(root.request("CONFIG auth.admins")).isEqualTo("->SUCCESS: auth.admins=root");
            assertThat(root.request("CONFIG pop3.banner a%E2%80%A8b%E2%80%A9c%C2%85d%01e%7F"))
                    .startsWith("->SUCCESS: pop3.banner=");
        }
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(audit).anySatisfy(line -> assertThat(line)
                .contains("\"new\":\"a\\u2028b\\u2029c\\u0085d\\u0001e\\u007f\"")));
    }

    @Test
    void anEmptyValueIsNamedAsSuch() throws Exception {
        start(Map.of());
        try (WireClient root = root()) {
            assertThat(root.request("CONFIG auth.max-failures ")).isEqualTo("->FAIL: a CONFIG value cannot be empty; to unset"
                    + " a key, remove it from the configuration file and reload");
            assertThat(root.request("CONFIG a b c")).isEqualTo("->FAIL: CONFIG takes at most 2 arguments: CONFIG [key [value]]");
        }
    }
}
