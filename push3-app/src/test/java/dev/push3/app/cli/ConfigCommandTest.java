package dev.push3.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.PluginConfig;
import dev.push3.app.demo.DemoAuthenticator;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.SettingGroup;
import dev.push3.core.settings.SettingKey;
import dev.push3.core.settings.SettingsRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code push3 config} against a real server over TCP, in this JVM. */
class ConfigCommandTest {
    private final DemoAuthenticator demo = DemoAuthenticator.withRandomPassword();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private SettingsRegistry registry;
    private Push3Server server;

    private void start(Map<String, String> config) throws IOException {
        Map<String, String> all = new HashMap<>(Map.of("server.port", "0", "auth.failure-delay", "0s"));
        all.putAll(config);
        registry = new SettingsRegistry(PluginConfig.of(all));
        registry.register(SettingGroup.single(SettingKey.changeable("pop3.banner"), "POP3 ready", text -> text, text -> { }));
        server = Push3Server.start(registry, Backends.of("demo", demo), new MetricRegistry());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int config(String... args) {
        CommandLine commandLine = Push3Command.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        ((ConfigCommand) commandLine.getSubcommands().get("config").getCommand()).account.environment =
                name -> name.equals("PUSH3_PASSWORD") ? demo.password() : null;
        String[] all = new String[args.length + 5];
        System.arraycopy(new String[] {"config", "-p", Integer.toString(server.port()), "-u", "demo"}, 0, all, 0, 5);
        System.arraycopy(args, 0, all, 5, args.length);
        return commandLine.execute(all);
    }

    @Test
    void listsReadsAndChangesDecodingValues() throws IOException {
        start(Map.of("auth.admins", "demo"));
        assertThat(config()).as(err.toString()).isZero();
        assertThat(out.toString().lines()).contains("auth.admins=demo", "pop3.banner=POP3 ready", "server.port=0");
        assertThat(out.toString().lines().map(line -> line.substring(0, line.indexOf('=')))).isSorted();
        out.getBuffer().setLength(0);
        assertThat(config("pop3.banner", "Hello = 100% there")).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("pop3.banner=Hello%20%3D%20100%25%20there"
                + " (not saved: the server was started without a configuration file)" + System.lineSeparator());
        out.getBuffer().setLength(0);
        assertThat(config("pop3.banner")).isZero();
        assertThat(out.toString()).isEqualTo("pop3.banner=Hello = 100% there" + System.lineSeparator());
        assertThat(out.toString() + err).doesNotContain(demo.password());
    }

    @Test
    void aNonAdministratorAndAStaticKeyExit1WithTheServersText() throws IOException {
        start(Map.of("auth.admins", "root"));
        assertThat(config()).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("push3: 127.0.0.1:" + server.port() + ": CONFIG refused: CONFIG needs an administrator"
                + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aKeyThatNeedsARestartExits1() throws IOException {
        start(Map.of("auth.admins", "demo"));
        assertThat(config("server.port", "2254")).isEqualTo(1);
        assertThat(err.toString()).endsWith(": CONFIG refused: server.port needs a restart" + System.lineSeparator());
    }

    @Test
    void anEmptyValueIsRefusedAsEmpty() throws IOException {
        start(Map.of("auth.admins", "demo"));
        assertThat(config("auth.max-failures", "")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("push3: a CONFIG value cannot be empty; to unset a key, remove it from the"
                + " configuration file and reload" + System.lineSeparator());
    }
}
