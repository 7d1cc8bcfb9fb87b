package dev.push3.app.cli;

import dev.push3.app.config.ClientTlsOptions;
import dev.push3.core.client.ClientTls;
import dev.push3.core.client.Push3Client;
import dev.push3.core.settings.ServerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options that say which Push3 server a client command talks to. */
final class ServerAddress {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = {"-H", "--host"}, paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Server host name or address (default: ${DEFAULT-VALUE}).")
    private String host;

    private int port = ServerSettings.DEFAULT_PORT;

    /** {@code --timeout} when given; {@link #DEFAULT_TIMEOUT} otherwise. */
    private Optional<Duration> timeout = Optional.empty();

    /** The connect and read timeout without {@code --timeout}. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Server port (default: 2254).")
    void port(int value) {
        if (value < 1 || value > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 1 and 65535, was " + value);
        }
        port = value;
    }

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Longest wait to connect and for each reply (default: 10).")
    void timeout(int seconds) {
        checkTimeout("--timeout", seconds);
        timeout = Optional.of(Duration.ofSeconds(seconds));
    }

    /**
     * Checks a timeout option in seconds: at least 1, at most {@link Push3Client#MAX_TIMEOUT}.
     *
     * @throws ParameterException naming the option and the bounds
     */
    void checkTimeout(String option, long seconds) {
        if (seconds < 1 || seconds > Push3Client.MAX_TIMEOUT.toSeconds()) {
            throw new ParameterException(spec.commandLine(), option + " must be between 1 and "
                    + Push3Client.MAX_TIMEOUT.toSeconds() + " seconds (a day), was " + seconds);
        }
    }

    @Option(names = "--starttls", description = "Start TLS with STLS after connecting (RFC 2595).")
    private boolean startTls;

    @Option(names = "--tls", description = "TLS from the first byte, to the server's implicit-TLS port (server.tls.port).")
    private boolean implicitTls;

    @Option(names = "--cafile", paramLabel = "FILE",
            description = "PEM certificates to trust for the server's certificate (default: the runtime's trusted CAs).")
    private Path caFile;

    @Option(names = "--no-verify-hostname", negatable = false,
            description = "Accept a trusted certificate that does not name HOST.")
    private boolean noVerifyHostname;

    @Option(names = "--allow-plaintext-login", negatable = false,
            description = "Send LOGIN's password in clear text to a HOST that is not a loopback address "
                    + "(refused without it: use --starttls or --tls).")
    private boolean allowPlaintextLogin;

    /**
     * Connects to the server.
     *
     * @return the client; the caller closes it
     * @throws IOException when the server cannot be reached, or TLS cannot be set up
     * @throws dev.push3.api.ConfigException when the TLS options contradict each other
     */
    Push3Client connect() throws IOException {
        ClientTls tls = new ClientTlsOptions("--", startTls, implicitTls, Optional.ofNullable(caFile), noVerifyHostname,
                allowPlaintextLogin).clientTls();
        return Push3Client.connect(host, port, timeout(), tls);
    }

    /** Returns the host name or address as given. */
    String host() {
        return host;
    }

    /** Returns the port. */
    int port() {
        return port;
    }

    /** Returns the longest wait to connect and for each reply. */
    Duration timeout() {
        return timeout.orElse(DEFAULT_TIMEOUT);
    }

    /** Returns {@code --timeout} if it was given. */
    Optional<Duration> givenTimeout() {
        return timeout;
    }

    /**
     * Sets the connect and read timeout, for a command that derives it from its own.
     *
     * @param value positive
     */
    void timeout(Duration value) {
        timeout = Optional.of(value);
    }

    /** Returns {@code host:port}, for messages. */
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
