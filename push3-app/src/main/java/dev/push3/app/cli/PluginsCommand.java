package dev.push3.app.cli;

import dev.push3.app.plugins.Plugins;
import dev.push3.app.plugins.ProviderCatalog;
import dev.push3.core.server.Backends;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code push3 plugins}: lists the authenticators and metrics sources this installation
 * can use, the {@code push3-api} version each was compiled against, the jar each came from,
 * and the jars that could not be loaded (a bad name, an incompatible API, a broken jar).
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = {"Lists the authenticators and metrics sources found, with the jar each came from.",
            "Exits 1 when a plugin could not be loaded (the problems are listed)."})
public final class PluginsCommand implements Callable<Integer> {
    private static final String ROW = "  %-12s %-14s %s%n";

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Plugins plugins = Plugins.discover();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Plugins from %s%n", plugins.searched());
        out.printf("Runtime: Java %s at %s%n%n", Runtime.version(), System.getProperty("java.home"));
        out.println("Authenticators (auth.backend):");
        if (plugins.authenticators().all().isEmpty()) {
            out.println("  (none)");
        }
        rows(out, plugins.authenticators().all());
        out.println("Metrics sources (metrics.sources):");
        out.printf(ROW, Backends.IN_PROCESS, "", "built in");
        rows(out, plugins.metricsSources().all());
        List<String> problems = plugins.problems();
        if (problems.isEmpty()) {
            out.printf("%nNo problems.%n");
        } else {
            out.printf("%nProblems:%n");
            problems.forEach(problem -> out.printf("  %s%n", problem));
        }
        out.flush();
        return problems.isEmpty() ? 0 : Push3Command.EXIT_FAILURE;
    }

    private static void rows(PrintWriter out, List<? extends ProviderCatalog.Found<?>> found) {
        found.forEach(f -> out.printf(ROW, f.name(), "api " + f.api(), f.origin()));
    }
}
