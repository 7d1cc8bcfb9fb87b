package dev.push3.app.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.push3.api.PluginConfig;
import dev.push3.app.Logging;
import dev.push3.app.config.ConfigFileWriter;
import dev.push3.app.config.ConfigurationFile;
import dev.push3.app.demo.DemoAuthenticator;
import dev.push3.app.plugins.Plugins;
import dev.push3.app.wiring.Push3Module;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.server.Backends;
import dev.push3.core.server.Push3Server;
import dev.push3.core.settings.ServerSettings;
import dev.push3.core.settings.SettingsRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code push3 serve}: runs the server until SIGTERM or SIGINT, then shuts down gracefully.
 * SIGHUP re-reads the configuration file ({@code systemctl reload}): see {@link #reload}.
 */
@Command(name = ServeCommand.NAME, mixinStandardHelpOptions = true,
        description = "Runs the Push3 server. Flags override the configuration file.")
public final class ServeCommand implements Callable<Integer> {
    /** The subcommand's name. */
    public static final String NAME = "serve";

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file (default: $PUSH3_HOME/conf/push3.properties when it exists).")
    private Path config;

    @Option(names = "--port", paramLabel = "N", description = "TCP port (server.port, default 2254).")
    private Integer port;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (server.bind, default 127.0.0.1).")
    private String bind;

    @Option(names = "--users", paramLabel = "FILE", description = "Users file for auth.backend=file (auth.file.path).")
    private Path users;

    /** The plugins found at start-up, for the key check of a reload. */
    private Plugins plugins;

    @Option(names = "--demo", description = "Log in as user 'demo' with a random password shown once; no users file needed.")
    private boolean demo;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Push3Server server = start();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("push3-shutdown").unstarted(() -> {
            server.close();
            Logging.stop(); // main() may not get there: the JVM halts when this hook ends
        }));
        // sun.misc.Signal (module jdk.unsupported, in the runtime image): the JDK has no supported
        // API for SIGHUP. The handler runs on the JVM's signal thread; the reload on its own.
        sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("HUP"),
                signal -> Thread.ofPlatform().name("push3-reload").start(() -> reload(server)));
        if (before == sun.misc.SignalHandler.SIG_IGN) {
            // The JVM leaves a signal the process inherited as ignored alone and says so only here.
            log().warn("SIGHUP is ignored by this process (started under nohup or with SIGHUP ignored), so it does not"
                    + " reload the configuration: start without nohup, or change keys with push3 config");
        }
        server.awaitClose();
        return 0;
    }

    /**
     * Builds the object graph and starts the server; the caller closes it.
     *
     * @return the running server
     * @throws IOException when the address cannot be bound
     */
    Push3Server start() throws IOException {
        Logging.awaitStart(); // nothing logs before (Logging)
        ConfigurationFile.Read read = ConfigurationFile.read(configFile(), overrides());
        PluginConfig configuration = read.config();
        Optional<DemoAuthenticator> demoUser = demo ? Optional.of(DemoAuthenticator.withRandomPassword()) : Optional.empty();
        Plugins plugins = Plugins.discover();
        plugins.layerProblems().forEach(problem -> log().warn("Plugin left out: {}", problem));
        Push3Module.knownKeys(plugins).check(read);
        Push3Module module = new Push3Module(configuration, demoUser, plugins);
        Injector injector = Guice.createInjector(module);
        injector.getInstance(ServerSettings.class); // a bad server value stops start-up before any plugin starts
        this.plugins = plugins;
        Backends backends = injector.getInstance(Backends.class);
        SettingsRegistry live = new SettingsRegistry(configuration);
        try {
            module.registerLiveKeys(live, plugins, backends);
        } catch (RuntimeException e) {
            backends.close();
            throw e;
        }
        configFile().ifPresent(file -> live.persistTo(new ConfigFileWriter(file)::save));
        Push3Server server = Push3Server.start(live, backends, new MetricRegistry()); // closes the backends if it fails
        demoUser.ifPresent(user -> spec.commandLine().getOut().printf(
                "Demo mode: log in with  LOGIN %s %s  (this password is shown only once)%n",
                DemoAuthenticator.USER, user.password()).flush());
        return server;
    }

    /**
     * Re-reads the configuration file (SIGHUP): a file that cannot be read, sets an unknown
     * key, or holds any bad value is refused whole and the running configuration kept;
     * otherwise the keys that may change at run time are applied and audited, and the others
     * logged as needing a restart ({@link Push3Server#reload}). Never throws.
     *
     * @param server the running server
     */
    void reload(Push3Server server) {
        log().info("SIGHUP: reloading the configuration from {}", configFile().map(Path::toString).orElse("(no file)"));
        try {
            // Read under the live settings' lock: a CONFIG and its write-back are wholly before or after.
            server.reload(() -> {
                ConfigurationFile.Read read = ConfigurationFile.read(configFile(), overrides());
                Push3Module.knownKeys(plugins).check(read);
                return read.config();
            });
        } catch (RuntimeException e) {
            log().error("Configuration reload failed, the running configuration is kept: {}", e.toString());
        }
    }

    /** Not a static field: picocli makes this class before logging has started (Logging). */
    private static Logger log() {
        return LoggerFactory.getLogger(ServeCommand.class);
    }

    private Optional<Path> configFile() {
        if (config != null) {
            return Optional.of(config);
        }
        return Optional.ofNullable(System.getenv("PUSH3_HOME"))
                .map(home -> Path.of(home, "conf", "push3.properties"))
                .filter(Files::isRegularFile);
    }

    private Map<String, ConfigurationFile.Override> overrides() {
        Map<String, ConfigurationFile.Override> overrides = new HashMap<>();
        if (port != null) {
            overrides.put("server.port", new ConfigurationFile.Override(port.toString(), "--port"));
        }
        if (bind != null) {
            overrides.put("server.bind", new ConfigurationFile.Override(bind, "--bind"));
        }
        if (users != null) {
            overrides.put("auth.file.path", new ConfigurationFile.Override(users.toString(), "--users"));
        }
        return overrides;
    }
}
