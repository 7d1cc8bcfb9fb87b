package dev.push3.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The options of the commands that log in to a Push3 server ({@code metrics}, {@code check},
 * {@code config}): who logs in, and where the password comes from ({@link PasswordSource}:
 * {@code --password-file}, {@code $PUSH3_PASSWORD}, a prompt without echo, or the first line
 * of a piped standard input). A picocli mixin, so that the options and their lookup are
 * written once.
 */
final class LoginOptions {
    @Option(names = {"-u", "--user"}, required = true, paramLabel = "USER",
            description = "User to log in as (for push3 config, one named in auth.admins).")
    private String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the password. Without it: $PUSH3_PASSWORD, a prompt, or standard input.")
    private Path passwordFile;

    /** Reads the environment; a test gives its own. */
    Function<String, String> environment = System::getenv;

    /** Where a prompt or a piped password is read; a test gives its own. */
    PasswordPrompt prompt = PasswordPrompt.standardStreams();

    /** @return the user to log in as; never null once picocli parsed the command line */
    String user() {
        return user;
    }

    /**
     * Finds the password, asking for it if need be.
     *
     * @param server where the user logs in, for the prompt
     * @param err where the prompt goes
     * @return the password; never null
     * @throws RuntimeException when there is none (picocli reports it as bad usage)
     */
    String password(ServerAddress server, PrintWriter err) {
        return new PasswordSource(Optional.ofNullable(passwordFile),
                Optional.ofNullable(environment.apply(PasswordSource.ENVIRONMENT_VARIABLE)), prompt)
                .password("Password for " + user + " at " + server + ": ", err);
    }
}
