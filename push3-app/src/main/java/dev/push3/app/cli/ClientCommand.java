package dev.push3.app.cli;

import dev.push3.core.client.PlaintextLogin;
import dev.push3.core.client.Push3Client;
import dev.push3.core.client.Push3Exception;
import dev.push3.core.wire.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code push3 client}: a session by hand or from a script. Each line read from standard
 * input is sent as a request and its reply printed on standard output, as on the wire.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"Opens a Push3 session: sends each line of standard input, prints each reply.",
            "Ends after FINISH or QUIT, at the end of input, or when the server closes.",
            "Exits 0, or 3 when the server cannot be reached or the connection breaks."})
public final class ClientCommand implements Callable<Integer> {
    /** How long to wait for a greeting the server may send on connect. */
    private static final Duration GREETING_WAIT = Duration.ofMillis(300);

    @Spec
    private CommandSpec spec;

    @Mixin
    private ServerAddress server;

    /** Standard input; a test puts its own lines here. */
    InputStream input = System.in;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Push3Client client = server.connect()) {
            err.printf("Connected to %s. Requests: LOGIN user password, METRICS, CAPA, FINISH.%n", server).flush();
            client.poll(GREETING_WAIT).ifPresent(reply -> print(out, reply));
            BufferedReader requests = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
            // isOpen first: after FINISH/QUIT the command ends at once, without waiting for another line.
            for (String line; client.isOpen() && (line = requests.readLine()) != null; ) {
                client.poll(Duration.ZERO).ifPresent(reply -> print(out, reply)); // e.g. an idle-timeout notice
                send(client, line, out, err);
            }
            return 0;
        } catch (IOException | Push3Exception e) {
            err.printf("push3: %s: %s%n", server, e.getMessage()).flush();
            return MetricsCommand.EXIT_UNREACHABLE;
        }
    }

    private static void send(Push3Client client, String line, PrintWriter out, PrintWriter err) {
        if (line.strip().split(" ", 2)[0].equalsIgnoreCase("STLS")) {
            // The server would wait for a handshake this loop never makes, and the next line (a LOGIN
            // with its password) would go out in clear text: refused, nothing sent.
            err.printf("push3: STLS is not sent from here: the next line would go in clear text to a server waiting "
                    + "for a TLS handshake; reconnect with --starttls (or --tls)%n").flush();
            return;
        }
        try {
            print(out, client.send(line));
        } catch (PlaintextLogin.RefusedException e) { // nothing was sent; the session goes on
            err.printf("push3: %s%n", e.getMessage()).flush();
        }
    }

    private static void print(PrintWriter out, Reply reply) {
        out.println(reply.toLine());
        out.flush();
    }
}
