package dev.push3.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.core.audit.Audit;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.settings.SettingGroup;
import dev.push3.core.settings.SettingKey;
import dev.push3.core.settings.SettingsRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONFIG over real TCP (issue 17): an administrator reads and changes the running server,
 * the next session sees the change while one in progress keeps its settings, everyone else
 * is refused, a key that needs a restart and a bad value are refused with their messages,
 * and each change is audited. An embedder's own tunable changes through the same command.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigOverTcpTest {
    private final UsersAuthenticator users = new UsersAuthenticator(Map.of("root", "rootpw", "alice", "secret"));
    private final List<String> audit = new CopyOnWriteArrayList<>();
    /** What the store was asked to write, standing in for the file (the app writes the real one). */
    private final Map<String, String> saved = new ConcurrentHashMap<>();
    /** The embedding POP3 server's own tunable, set by its apply callback. */
    private final AtomicInteger pop3MaxConnections = new AtomicInteger();
    private SettingsRegistry registry;
    private Push3Server server;

    private void start(Map<String, String> config) throws IOException {
        Map<String, String> all = new HashMap<>(Map.of("server.port", "0", "auth.failure-delay", "0s", "auth.penalty.max", "0s"));
        all.putAll(config);
        registry = new SettingsRegistry(PluginConfig.of(all));
        registry.persistTo(saved::put);
        registry.register(SettingGroup.single(SettingKey.changeable("pop3.max-connections"), "100",
                text -> PluginConfig.of(Map.of("pop3.max-connections", text)).integer("pop3.max-connections", 100, 1, 100_000),
                pop3MaxConnections::set));
        registry.register(SettingGroup.single(SettingKey.changeable("pop3.banner"), "POP3 ready", text -> text, text -> { }));
        registry.register(SettingGroup.single(new SettingKey("pop3.master-password", true, true), "hunter2", text -> text,
                text -> { }));
        server = Push3Server.start(registry, Backends.of("test", users), new MetricRegistry(),
                new Audit(Clock.systemUTC(), audit::add));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private WireClient loggedIn(String user, String password) throws IOException {
        WireClient client = new WireClient(server.port());
        assertThat(client.request("LOGIN " + user + " " + password)).isEqualTo("->SUCCESS: logged in");
        return client;
    }

    @Test
    void anAdministratorChangesAKeyAndTheNextSessionSeesIt() throws Exception {
        start(Map.of("auth.admins", "root"));
        try (WireClient before = new WireClient(server.port()); WireClient root = loggedIn("root", "rootpw")) {
            assertThat(root.request("CONFIG auth.max-failures")).isEqualTo("->SUCCESS: auth.max-failures=3");
            assertThat(root.request("CONFIG auth.max-failures 1")).isEqualTo("->SUCCESS: auth.max-failures=1 (was 3)");
            assertThat(root.request("CONFIG auth.max-failures")).isEqualTo("->SUCCESS: auth.max-failures=1");
            // A session that started before the change keeps its settings: 3 failures allowed.
            assertThat(before.request("LOGIN alice wrong")).isEqualTo("->FAIL: invalid credentials");
            try (WireClient after = new WireClient(server.port())) {
                assertThat(after.request("LOGIN alice wrong")).isEqualTo("->FAIL: invalid credentials; too many failures, closing");
            }
        }
        assertThat(saved).containsExactly(Map.entry("auth.max-failures", "1"));
        await().untilAsserted(() -> assertThat(audit).anySatisfy(line -> assertThat(line)
                .matches("\\{\"time\":\"[^\"]+\",\"event\":\"config\",\"outcome\":\"changed\",\"session\":\\d+,"
                        + "\"remote\":\"127.0.0.1\",\"port\":\\d+,\"tls\":null,\"user\":\"root\","
                        + "\"key\":\"auth.max-failures\",\"old\":\"3\",\"new\":\"1\"}")));
    }

    @Test
    void aConnectionLimitAppliesToTheNextConnection() throws Exception {
        start(Map.of("auth.admins", "root"));
        try (WireClient root = loggedIn("root", "rootpw")) {
            assertThat(root.request("CONFIG server.max-connections 1")).isEqualTo("->SUCCESS: server.max-connections=1 (was 10000)");
            try (WireClient refused = new WireClient(server.port())) {
                assertThat(refused.line()).isEqualTo("->FAIL: too many connections, try again later");
            }
            assertThat(root.request("CONFIG server.max-connections 2")).isEqualTo("->SUCCESS: server.max-connections=2 (was 1)");
            try (WireClient served = new WireClient(server.port())) {
                assertThat(served.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH LOGIN QUIT");
            }
        }
    }

    @Test
    void everyKeyIsListedSortedWithDefaultsSecretsMaskedAndValuesEncoded() throws Exception {
        start(Map.of("auth.admins", "root"));
        try (WireClient root = loggedIn("root", "rootpw")) {
            String reply = root.request("CONFIG");
            assertThat(reply).startsWith("->SUCCESS: auth.admins=root auth.failure-delay=0s auth.max-failures=3 ")
                    .contains(" metrics.timeout=5s ", " pop3.banner=POP3%20ready ", " pop3.master-password=*** ",
                            " pop3.max-connections=100 ", " server.idle-timeout.transaction=10m ", " server.tls.required=false");
            List<String> keys = List.of(reply.substring("->SUCCESS: ".length()).split(" ")).stream()
                    .map(pair -> pair.substring(0, pair.indexOf('='))).toList();
            assertThat(keys).isSorted().doesNotHaveDuplicates();
            assertThat(root.request("CONFIG pop3.master-password")).isEqualTo("->SUCCESS: pop3.master-password=***");
            assertThat(root.request("CONFIG pop3.banner a%3Db%25c%20d")).isEqualTo("->SUCCESS: pop3.banner=a%3Db%25c%20d (was POP3%20ready)");
            assertThat(root.request("CONFIG pop3.banner %zz")).startsWith("->FAIL: pop3.banner: the value is not percent-encoded");
            assertThat(root.request("CONFIG pop3.master-password swordfish")).isEqualTo("->SUCCESS: pop3.master-password=*** (was ***)");
        }
        assertThat(saved).containsEntry("pop3.banner", "a=b%c d").containsEntry("pop3.master-password", "swordfish");
        assertThat(audit).noneMatch(line -> line.contains("swordfish") || line.contains("hunter2"))
                .anyMatch(line -> line.contains("\"key\":\"pop3.master-password\",\"old\":\"***\",\"new\":\"***\""));
    }

    @Test
    void anEmbeddersTunableChangesThroughItsApplyCallback() throws Exception {
        start(Map.of("auth.admins", "root", "pop3.max-connections", "50"));
        assertThat(pop3MaxConnections).hasValue(0); // start-up parses; apply is for changes
        try (WireClient root = loggedIn("root", "rootpw")) {
            assertThat(root.request("CONFIG pop3.max-connections 200")).isEqualTo("->SUCCESS: pop3.max-connections=200 (was 50)");
            assertThat(pop3MaxConnections).hasValue(200);
            assertThat(root.request("CONFIG pop3.max-connections 0"))
                    .isEqualTo("->FAIL: pop3.max-connections: must be between 1 and 100000, was 0");
            assertThat(pop3MaxConnections).hasValue(200);
        }
    }

    @Test
    void aStaticKeyABadValueAndAnUnknownKeyAreRefusedWithTheirMessages() throws Exception {
        start(Map.of("auth.admins", "root"));
        try (WireClient root = loggedIn("root", "rootpw")) {
            assertThat(root.request("CONFIG server.port 2254")).isEqualTo("->FAIL: server.port needs a restart");
            assertThat(root.request("CONFIG server.bind 127.0.0.2")).isEqualTo("->FAIL: server.bind needs a restart");
            String startUpMessage = message(() -> registryFor(Map.of("auth.failure-delay", "soon")));
            assertThat(root.request("CONFIG auth.failure-delay soon")).isEqualTo("->FAIL: " + startUpMessage)
                    .isEqualTo("->FAIL: auth.failure-delay: must be a duration such as 500ms, 1s, 10m, 2h, 1d or PT1S, was 'soon'");
            assertThat(root.request("CONFIG server.max-connections 0"))
                    .isEqualTo("->FAIL: server.max-connections: must be between 1 and 2147483647, was 0");
            assertThat(root.request("CONFIG auth.failure-dealy 1s"))
                    .isEqualTo("->FAIL: unknown key auth.failure-dealy; did you mean auth.failure-delay?");
            assertThat(root.request("CONFIG nothing.like.it")).isEqualTo("->FAIL: unknown key nothing.like.it");
            assertThat(root.request("CONFIG a b c")).isEqualTo("->FAIL: CONFIG takes at most 2 arguments: CONFIG [key [value]]");
            assertThat(root.request("CONFIG auth.failure-delay")).isEqualTo("->SUCCESS: auth.failure-delay=0s");
            // A decoded value quoted in the message is one printable line: no CR, LF, tab, NUL or non-ASCII.
            assertThat(root.request("CONFIG auth.failure-delay x%0D%0A->SUCCESS:%20y%09%00%C3%A9")).isEqualTo(
                    "->FAIL: auth.failure-delay: must be a duration such as 500ms, 1s, 10m, 2h, 1d or PT1S, was 'x??->SUCCESS: y???'");
            assertThat(root.request("CAPA")).isEqualTo("->SUCCESS: CAPA CONFIG FINISH METRICS QUIT");
        }
        assertThat(saved).isEmpty();
        // Each refused change is audited with its key, never with the value asked for; reads are not audited.
        assertThat(audit.stream().filter(line -> line.contains("\"event\":\"config\"")).map(ConfigOverTcpTest::outcomeAndKey))
                .containsExactly("needs-restart server.port", "needs-restart server.bind", "invalid auth.failure-delay",
                        "invalid server.max-connections", "unknown-key auth.failure-dealy", "invalid auth.failure-delay");
        assertThat(audit).noneMatch(line -> line.contains("soon") || line.contains("SUCCESS"));
    }

    /** {@code "outcome":"x",...,"key":"y"} as {@code x y}. */
    private static String outcomeAndKey(String line) {
        Matcher matcher = Pattern.compile("\"outcome\":\"([^\"]+)\".*\"key\":(?:\"([^\"]*)\"|null)").matcher(line);
        assertThat(matcher.find()).as(line).isTrue();
        return matcher.group(1) + " " + matcher.group(2);
    }

    @Test
    void nobodyButAnAdministratorMayReadOrChange() throws Exception {
        start(Map.of("auth.admins", "root", "auth.max-failures", "9"));
        try (WireClient anonymous = new WireClient(server.port()); WireClient alice = loggedIn("alice", "secret");
                WireClient root = loggedIn("root", "rootpw")) {
            assertThat(anonymous.request("CONFIG")).isEqualTo("->FAIL: CONFIG needs LOGIN first");
            assertThat(alice.request("CONFIG")).isEqualTo("->FAIL: CONFIG needs an administrator");
            assertThat(alice.request("CONFIG auth.max-failures")).isEqualTo("->FAIL: CONFIG needs an administrator");
            assertThat(alice.request("CONFIG auth.max-failures 9")).isEqualTo("->FAIL: CONFIG needs an administrator");
            // A properties-file line sent as the key: what follows = or : is a value, maybe a secret.
            assertThat(alice.request("CONFIG http.password=hunter2")).isEqualTo("->FAIL: CONFIG needs an administrator");
            assertThat(alice.request("CONFIG http.password:hunter2")).isEqualTo("->FAIL: CONFIG needs an administrator");
            assertThat(root.request("CONFIG http.password=hunter2 x")).startsWith("->FAIL: unknown key");
            assertThat(alice.request("CAPA")).isEqualTo("->SUCCESS: CAPA FINISH METRICS QUIT");
            assertThat(root.request("CAPA")).isEqualTo("->SUCCESS: CAPA CONFIG FINISH METRICS QUIT");
        }
        assertThat(registry.shown()).containsEntry("auth.max-failures", "9");
        assertThat(audit).noneMatch(line -> line.contains("hunter2"))
                .filteredOn(line -> line.contains("\"event\":\"config\"")).map(ConfigOverTcpTest::outcomeAndKey)
                .containsExactly("not-admin null", "not-admin auth.max-failures", "not-admin auth.max-failures",
                        "not-admin http.password", "not-admin http.password", "unknown-key http.password");
        // A non-administrator's attempts are audited, reads included: they probe the configuration.
        assertThat(audit.stream().filter(line -> line.contains("\"event\":\"config\"") && line.contains("\"user\":\"alice\""))).hasSize(5)
                .allMatch(line -> line.contains("\"outcome\":\"not-admin\"") && line.contains("\"user\":\"alice\""))
                .anyMatch(line -> line.endsWith(",\"key\":null}"))
                .anyMatch(line -> line.endsWith(",\"key\":\"auth.max-failures\"}"))
                .noneMatch(line -> line.contains("\"9\""));
    }

    @Test
    void aNonAdministratorWhoKeepsTryingIsClosedAtAuthMaxFailuresCountedWithItsFailedLogins() throws Exception {
        start(Map.of("auth.admins", "root"));
        try (WireClient alice = new WireClient(server.port())) {
            assertThat(alice.request("LOGIN alice wrong")).isEqualTo("->FAIL: invalid credentials");
            assertThat(alice.request("LOGIN alice secret")).isEqualTo("->SUCCESS: logged in");
            assertThat(alice.request("CONFIG")).isEqualTo("->FAIL: CONFIG needs an administrator");
            assertThat(alice.request("CONFIG auth.admins alice")).isEqualTo("->FAIL: CONFIG needs an administrator; too many failures, closing");
            assertThat(alice.closedByServer()).isTrue();
        }
        await().untilAsserted(() -> assertThat(audit.stream().filter(line -> line.contains("\"user\":\"alice\""))
                .map(line -> line.replaceAll(".*\"event\":\"([^\"]+)\",\"outcome\":\"([^\"]+)\".*", "$1 $2")))
                .containsExactly("login rejected", "login accepted", "config not-admin", "config not-admin", "close too-many-failures"));
        try (WireClient root = loggedIn("root", "rootpw")) { // an administrator's own refusals do not count
            for (int i = 0; i < 4; i++) {
                assertThat(root.request("CONFIG server.port 2254")).isEqualTo("->FAIL: server.port needs a restart");
            }
        }
    }

    @Test
    void aRevokedAdministratorLosesConfigAtOnceInTheOpenSession() throws Exception {
        start(Map.of("auth.admins", "root,alice"));
        try (WireClient alice = loggedIn("alice", "secret"); WireClient root = loggedIn("root", "rootpw")) {
            assertThat(alice.request("CONFIG auth.max-failures")).isEqualTo("->SUCCESS: auth.max-failures=3");
            assertThat(root.request("CONFIG auth.admins root")).isEqualTo("->SUCCESS: auth.admins=root (was root,alice)");
            assertThat(alice.request("CONFIG auth.max-failures")).isEqualTo("->FAIL: CONFIG needs an administrator");
        }
    }

    @Test
    void withoutAuthAdminsNobodyMay() throws Exception {
        start(Map.of());
        try (WireClient root = loggedIn("root", "rootpw")) {
            assertThat(root.request("CONFIG")).isEqualTo("->FAIL: CONFIG needs an administrator");
        }
    }

    @Test
    void aReloadWithABadValueChangesNothingAndAGoodOneIsAppliedAndAudited() throws Exception {
        start(Map.of("auth.admins", "root"));
        Map<String, String> file = new HashMap<>(Map.of("server.port", "0", "auth.failure-delay", "0s", "auth.penalty.max", "0s",
                "auth.admins", "root", "auth.max-failures", "1", "metrics.timeout", "soon"));
        assertThat(server.reload(PluginConfig.of(file))).isInstanceOf(SettingsRegistry.Reload.Refused.class);
        assertThat(registry.shown()).containsEntry("auth.max-failures", "3").containsEntry("metrics.timeout", "5s");
        file.put("metrics.timeout", "2s");
        file.put("server.greeting", "true");
        file.put("server.bind", "127.0.0.2");
        SettingsRegistry.Reload reload = server.reload(PluginConfig.of(file));
        assertThat(reload).isEqualTo(new SettingsRegistry.Reload.Reloaded(List.of(
                new SettingsRegistry.Change("auth.max-failures", "3", "1", false),
                new SettingsRegistry.Change("metrics.timeout", "5s", "2s", false),
                new SettingsRegistry.Change("server.greeting", "false", "true", false)), List.of("server.bind")));
        try (WireClient next = new WireClient(server.port())) {
            assertThat(next.line()).isEqualTo("->SUCCESS: Push3 ready");
        }
        assertThat(audit.stream().filter(line -> line.contains("\"outcome\":\"reloaded\"")).toList()).hasSize(3)
                .allMatch(line -> line.contains("\"session\":0,\"remote\":null,\"port\":null,\"tls\":null,\"user\":null"));
    }

    private static Supplier<?> registryFor(Map<String, String> config) {
        return new SettingsRegistry(PluginConfig.of(config)).register(dev.push3.core.settings.ServerSettings.group(value -> { }));
    }

    private static String message(Runnable startUp) {
        try {
            startUp.run();
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("start-up accepted the value");
    }
}
