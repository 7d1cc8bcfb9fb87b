package dev.push3.app.exporter;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.app.config.ClientTlsOptions;
import dev.push3.app.config.ConfigurationFile;
import dev.push3.app.config.SecretFile;
import dev.push3.core.client.ClientTls;
import dev.push3.core.client.Push3Client;
import dev.push3.core.settings.NearestKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code push3 exporter}'s modules file: Java properties, one group of
 * {@code module.NAME.OPTION} keys per module. Everything is checked at start: an unknown
 * key stops start-up naming its line and the nearest known key, as for the main
 * configuration, and a password file is read then.
 */
public final class ProbeModules {
    /** The option that names the file, for messages. */
    public static final String OPTION = "--modules";
    /** The options of a module, after {@code module.NAME.}. */
    public static final List<String> OPTIONS = List.of("user", "password", "password-file", "starttls", "tls", "cafile",
            "no-verify-hostname", "allow-plaintext-login", "timeout", "targets");
    /** A probe's longest time when the module sets none (as the blackbox exporter's default). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern KEY = Pattern.compile("module\\.([A-Za-z0-9_-]+)\\.([a-z-]+)");

    private ProbeModules() {
    }

    /**
     * Reads and checks the file.
     *
     * @param file the modules file; not null
     * @param warnings where a warning about a password file others can read goes; not null
     * @return the modules by name, sorted; never empty
     * @throws ConfigException naming the key at fault (or {@value #OPTION} for the file itself)
     */
    public static Map<String, ProbeModule> read(Path file, PrintWriter warnings) {
        ConfigurationFile.Read read = ConfigurationFile.read(Optional.of(file), Map.of(), OPTION);
        Set<String> names = new TreeSet<>();
        read.origins().keySet().forEach(key -> {
            Matcher m = KEY.matcher(key);
            if (m.matches()) {
                names.add(m.group(1));
            }
        });
        check(read, names);
        if (names.isEmpty()) {
            throw new ConfigException(OPTION, file + " defines no module; write module.NAME.user=... and "
                    + "module.NAME.password-file=... (see docs/MONITORING.md)");
        }
        Map<String, ProbeModule> modules = new TreeMap<>();
        names.forEach(name -> modules.put(name, module(name, read.config(), warnings)));
        return modules;
    }

    private static void check(ConfigurationFile.Read read, Set<String> names) {
        Set<String> known = new TreeSet<>();
        (names.isEmpty() ? Set.of("NAME") : names).forEach(name -> OPTIONS.forEach(o -> known.add("module." + name + "." + o)));
        new TreeSet<>(read.origins().keySet()).forEach(key -> {
            if (!known.contains(key)) {
                throw new ConfigException(key, "unknown key at " + read.origins().get(key) + NearestKey.of(key, known)
                        .map(k -> "; did you mean " + k + "?")
                        .orElse("; a module's keys are module.NAME." + String.join(", module.NAME.", OPTIONS)));
            }
        });
    }

    private static ProbeModule module(String name, PluginConfig config, PrintWriter warnings) {
        String prefix = "module." + name + ".";
        String user = config.require(prefix + "user");
        Optional<String> inline = config.get(prefix + "password");
        Optional<String> fromFile = config.get(prefix + "password-file");
        if (inline.isPresent() == fromFile.isPresent()) {
            throw new ConfigException(prefix + "password-file", "give exactly one of " + prefix + "password and "
                    + prefix + "password-file (" + (inline.isPresent() ? "both are" : "neither is") + " set)");
        }
        String password = inline.orElseGet(() -> SecretFile.firstLine(Path.of(fromFile.get()), prefix + "password-file", warnings));
        Duration timeout = config.duration(prefix + "timeout", DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.compareTo(Push3Client.MAX_TIMEOUT) > 0) {
            throw new ConfigException(prefix + "timeout", "must be more than 0 and at most " + Push3Client.MAX_TIMEOUT.toHours()
                    + "h, for example 5s; was " + config.get(prefix + "timeout").orElse(""));
        }
        return new ProbeModule(name, user, password, tls(prefix, config), timeout, targets(prefix + "targets", config));
    }

    private static Optional<Set<Target>> targets(String key, PluginConfig config) {
        return config.get(key).map(list -> {
            Set<Target> targets = new LinkedHashSet<>();
            for (String item : list.split(",")) {
                try {
                    targets.add(Target.parse(item.strip()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(key, e.getMessage() + "; write HOST:PORT,HOST:PORT,...");
                }
            }
            return targets;
        });
    }

    private static ClientTls tls(String prefix, PluginConfig config) {
        return new ClientTlsOptions(prefix, config.flag(prefix + "starttls", false), config.flag(prefix + "tls", false),
                config.path(prefix + "cafile"), config.flag(prefix + "no-verify-hostname", false),
                config.flag(prefix + "allow-plaintext-login", false)).clientTls();
    }
}
