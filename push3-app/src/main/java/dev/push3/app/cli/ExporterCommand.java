package dev.push3.app.cli;

import dev.push3.app.Logging;
import dev.push3.app.exporter.ProbeExporter;
import dev.push3.app.exporter.ProbeModule;
import dev.push3.app.exporter.ProbeModules;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code push3 exporter}: serves {@code /probe} for Prometheus, after the blackbox exporter,
 * until SIGTERM or SIGINT. See docs/MONITORING.md.
 */
@Command(name = "exporter", mixinStandardHelpOptions = true,
        description = {"Serves /probe?target=HOST:PORT&module=NAME for Prometheus, after the blackbox exporter:",
            "logs in to the target with the module's credentials and answers with its METRICS."})
public final class ExporterCommand implements Callable<Integer> {
    /** The default listen address: loopback, a port of its own. */
    static final String DEFAULT_LISTEN = "127.0.0.1:9354";
    private static final Logger LOG = LoggerFactory.getLogger(ExporterCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--modules", required = true, paramLabel = "FILE",
            description = "Properties file of modules: module.NAME.user, module.NAME.password-file, TLS options, timeout.")
    private Path modulesFile;

    @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = DEFAULT_LISTEN,
            description = "Address and port to serve HTTP on (default: ${DEFAULT-VALUE}; port 0 picks one).")
    private String listen;

    private int maxConcurrentProbes = 64;

    /** Holds the exporter until the JVM stops (SIGTERM, SIGINT). */
    private final CountDownLatch stop = new CountDownLatch(1);

    @Option(names = "--max-concurrent-probes", paramLabel = "N",
            description = "Probes running at once; more wait, and get 503 when none ends in time (default: 64).")
    void maxConcurrentProbes(int value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), "--max-concurrent-probes must be at least 1, was " + value);
        }
        maxConcurrentProbes = value;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        InetSocketAddress address = address(listen);
        Map<String, ProbeModule> modules = ProbeModules.read(modulesFile, spec.commandLine().getErr());
        ProbeExporter exporter = ProbeExporter.start(address, modules, maxConcurrentProbes);
        InetSocketAddress bound = exporter.address();
        // SIGTERM: the JVM halts when this hook ends, so the hook stops the exporter and writes
        // the last log records itself (log4j's own hook is off; see Logging.stop).
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("push3-exporter-stop").unstarted(() -> {
            LOG.info("Push3 exporter stopping");
            exporter.close();
            stop.countDown();
            Logging.stop();
        }));
        LOG.info("Push3 exporter listening on {}:{} with modules {}", bound.getAddress().getHostAddress(),
                bound.getPort(), modules.keySet());
        stop.await();
        return 0;
    }

    private InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        try {
            String host = text.substring(0, Math.max(colon, 0)).replaceAll("^\\[|]$", "");
            int port = Integer.parseInt(text.substring(colon + 1));
            if (colon <= 0 || port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (NumberFormatException | UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--listen must be ADDR:PORT such as " + DEFAULT_LISTEN
                    + " or [::1]:9354, was '" + text + "'");
        }
    }
}
