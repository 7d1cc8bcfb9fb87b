package dev.push3.app.cli;

import dev.push3.core.client.Push3Client;
import dev.push3.core.client.Push3Exception;
import dev.push3.core.settings.PercentEncoding;
import dev.push3.core.wire.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code push3 config [KEY [VALUE]]}: logs in as an administrator ({@code auth.admins}) and
 * lists the running server's settings, reads one, or changes one. Same connection, TLS and
 * password options and exit statuses as {@code push3 metrics}. Values are printed decoded,
 * one {@code key=value} a line; a VALUE is sent percent-encoded, so it may hold spaces.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Lists, reads or changes the running server's configuration (CONFIG; needs auth.admins).",
        footerHeading = "%nExit status:%n",
        footer = {"  0  printed, or changed",
            "  1  the server refused: LOGIN or CONFIG answered FAIL (its text is on stderr)",
            "  2  bad usage, or no password",
            "  3  the server cannot be reached, or the connection broke"})
public final class ConfigCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ServerAddress server;

    @Mixin
    LoginOptions account;

    @Parameters(index = "0", arity = "0..1", paramLabel = "KEY", description = "The key to read or change; all without it.")
    private String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "The new value.")
    private String value;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (value != null && value.isEmpty()) {
            err.printf("push3: %s%n", PercentEncoding.EMPTY_VALUE).flush();
            return Push3Command.EXIT_CONFIG;
        }
        String password = account.password(server, err);
        try (Push3Client client = server.connect()) {
            Reply login = client.login(account.user(), password);
            if (login instanceof Reply.Fail fail) {
                return refused(err, "LOGIN", fail.text());
            }
            Reply reply = client.send(request());
            if (reply instanceof Reply.Fail fail) {
                return refused(err, "CONFIG", fail.text());
            }
            print(reply.text());
            return 0;
        } catch (Push3Exception e) {
            return e.failText().isPresent() ? refused(err, "CONFIG", e.failText().get()) : unreachable(err, e);
        } catch (IOException e) {
            return unreachable(err, e);
        } catch (IllegalArgumentException e) { // a user name, password or key the protocol cannot carry
            err.printf("push3: %s%n", e.getMessage()).flush();
            return Push3Command.EXIT_CONFIG;
        }
    }

    private String request() {
        if (key == null) {
            return "CONFIG";
        }
        return value == null ? "CONFIG " + key : "CONFIG " + key + " " + PercentEncoding.encode(value);
    }

    /** A listing or a read: one decoded {@code key=value} a line; a change: the server's words. */
    private void print(String text) {
        PrintWriter out = spec.commandLine().getOut();
        if (value != null) {
            out.println(text);
        } else if (!text.isEmpty()) {
            for (String pair : text.split(" ")) {
                int equals = pair.indexOf('=');
                out.println(pair.substring(0, equals + 1)
                        + PercentEncoding.decode(pair.substring(equals + 1)).orElse(pair.substring(equals + 1)));
            }
        }
        out.flush();
    }

    private int refused(PrintWriter err, String request, String failText) {
        err.printf("push3: %s: %s refused: %s%n", server, request, failText).flush();
        return MetricsCommand.EXIT_REFUSED;
    }

    private int unreachable(PrintWriter err, Exception e) {
        err.printf("push3: %s: %s%n", server, e.getMessage()).flush();
        return MetricsCommand.EXIT_UNREACHABLE;
    }
}
