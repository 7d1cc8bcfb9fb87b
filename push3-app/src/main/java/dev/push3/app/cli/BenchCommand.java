package dev.push3.app.cli;

import dev.push3.app.bench.LoadEngine;
import dev.push3.app.bench.LoadPlan;
import dev.push3.app.bench.LoadResult;
import dev.push3.app.bench.SessionHold;
import dev.push3.app.bench.WireProtocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code push3 bench}: a load generator in the spirit of {@code redis-benchmark}. Closed-loop
 * clients repeat a request on logged-in connections, or run whole sessions, and one summary
 * line gives ops/s and latency percentiles. {@code --protocol redis} drives a Redis server
 * with the same engine, as a yardstick. {@code --hold N} opens N logged-in sessions and keeps
 * them idle instead.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Puts load on a Push3 server (or, with --protocol redis, a Redis server) and prints one summary line:",
            "ops/s and latency p50/p99/max. Clients wait for each reply before the next request.",
            "Exits 0, 1 when some requests failed, 2 on bad usage, 3 when the server cannot be reached or refuses the log-in."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ServerAddress server;

    @Option(names = "--protocol", paramLabel = "PROTOCOL", description = "push3 (default) or redis.")
    private String protocol = "push3";

    @Option(names = {"-u", "--user"}, paramLabel = "USER",
            description = "User to log in as. Needed for push3; for redis, without it AUTH sends the password alone.")
    private String user = "";

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the password. Without it: $PUSH3_PASSWORD, else a prompt.")
    private Path passwordFile;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "persistent (default): repeat the request on logged-in connections; "
                    + "sessions: each operation is connect, log in, the request, QUIT.")
    private String mode = "persistent";

    @Option(names = "--command", paramLabel = "REQUEST",
            description = "The request to repeat (default: METRICS for push3, INFO server for redis).")
    private String command;

    @Option(names = {"-c", "--clients"}, paramLabel = "N", description = "Clients at once (default: ${DEFAULT-VALUE}).")
    private int clients = 50;

    @Option(names = {"-P", "--pipeline"}, paramLabel = "N",
            description = "Requests sent together before reading their replies (default: ${DEFAULT-VALUE}).")
    private int pipeline = 1;

    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS",
            description = "Measured time; with --hold, how long to hold (default: ${DEFAULT-VALUE}).")
    private int duration = 5;

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "Unmeasured time first (default: ${DEFAULT-VALUE}).")
    private int warmup = 1;

    @Option(names = {"-n", "--requests"}, paramLabel = "N",
            description = "Stop after N measured operations in all, even before --duration.")
    private long requests;

    @Option(names = "--source", paramLabel = "ADDRESSES", split = ",",
            description = "Local addresses to connect from, in turn, e.g. 127.0.0.2-9 (spreads many connections over more ephemeral ports).")
    private List<String> sources = List.of();

    @Option(names = "--hold", paramLabel = "N",
            description = "Instead of a load run: open N logged-in sessions, hold them idle for --duration, close them.")
    private int hold;

    /** Reads the environment; a test gives its own. */
    Function<String, String> environment = System::getenv;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadPlan plan = plan(err);
        LoadEngine engine = new LoadEngine(plan);
        try {
            engine.probe();
        } catch (IOException e) {
            err.printf("push3: %s: %s%n", server, e.getMessage()).flush();
            return MetricsCommand.EXIT_UNREACHABLE;
        }
        if (hold > 0) {
            return hold(plan, out);
        }
        LoadResult result = engine.run();
        out.println(result.summary());
        out.flush();
        return result.errors() == 0 ? 0 : MetricsCommand.EXIT_REFUSED;
    }

    private int hold(LoadPlan plan, PrintWriter out) throws InterruptedException {
        try (SessionHold sessions = new SessionHold()) {
            SessionHold.Opened opened = sessions.open(plan, hold);
            out.println(opened.summary() + " for " + duration + " s");
            out.flush();
            Thread.sleep(Duration.ofSeconds(duration));
            return opened.failures() == 0 ? 0 : MetricsCommand.EXIT_REFUSED;
        }
    }

    private LoadPlan plan(PrintWriter err) {
        WireProtocol wire = switch (protocol.toLowerCase(Locale.ROOT)) {
            case "push3" -> WireProtocol.PUSH3;
            case "redis" -> WireProtocol.REDIS;
            default -> throw usage("--protocol must be push3 or redis, was " + protocol);
        };
        LoadPlan.Mode loadMode = switch (mode.toLowerCase(Locale.ROOT)) {
            case "persistent" -> LoadPlan.Mode.PERSISTENT;
            case "sessions" -> LoadPlan.Mode.SESSIONS;
            default -> throw usage("--mode must be persistent or sessions, was " + mode);
        };
        if (wire == WireProtocol.PUSH3 && user.isEmpty()) {
            throw usage("--user is needed for --protocol push3");
        }
        if (clients < 1 || clients > LoadPlan.MAX_CLIENTS) {
            throw usage("--clients must be 1 to " + LoadPlan.MAX_CLIENTS + ", was " + clients);
        }
        if (pipeline < 1 || duration < 1 || warmup < 0 || requests < 0 || hold < 0) {
            throw usage("--pipeline and --duration must be at least 1; --warmup, --requests and --hold at least 0");
        }
        String password = new PasswordSource(Optional.ofNullable(passwordFile),
                Optional.ofNullable(environment.apply(PasswordSource.ENVIRONMENT_VARIABLE)),
                PasswordPrompt.standardStreams()).password("Password" + (user.isEmpty() ? "" : " for " + user)
                        + " at " + server + ": ", err);
        return new LoadPlan(wire, new InetSocketAddress(server.host(), server.port()), sourceAddresses(), user, password,
                command == null ? wire.defaultCommand() : command, loadMode, clients, pipeline,
                Duration.ofSeconds(warmup), Duration.ofSeconds(duration), requests, server.timeout());
    }

    /** Reads {@code --source}: addresses, or IPv4 ranges such as {@code 127.0.0.2-9} or {@code 127.0.0.2-127.0.0.9}. */
    private List<InetAddress> sourceAddresses() {
        List<InetAddress> addresses = new ArrayList<>();
        for (String source : sources) {
            int dash = source.indexOf('-');
            try {
                if (dash < 0) {
                    addresses.add(InetAddress.getByName(source));
                    continue;
                }
                byte[] first = InetAddress.getByName(source.substring(0, dash)).getAddress();
                String to = source.substring(dash + 1);
                int last = to.contains(".") ? Byte.toUnsignedInt(InetAddress.getByName(to).getAddress()[3]) : Integer.parseInt(to);
                if (first.length != 4 || last < Byte.toUnsignedInt(first[3]) || last > 255) {
                    throw usage("--source range must be IPv4 and ascending, was " + source);
                }
                for (int octet = Byte.toUnsignedInt(first[3]); octet <= last; octet++) {
                    first[3] = (byte) octet;
                    addresses.add(InetAddress.getByAddress(first));
                }
            } catch (UnknownHostException | NumberFormatException e) {
                throw usage("--source: not an address or range: " + source);
            }
        }
        return addresses;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
