package dev.push3.app.cli;

import dev.push3.app.cli.PasswordPrompt.NoPasswordException;
import dev.push3.passwords.PasswordHasher;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code push3 passwd [--scheme S] USER}: prints a users-file line, {@code USER:{SCHEME}hash},
 * for the file authenticator ({@code auth.file.path}) and for Dovecot's passwd-file alike.
 *
 * <p>On a terminal the password is read twice without echo (by {@link PasswordPrompt}, also
 * when standard output is redirected, as in {@code push3 passwd alice >> users}). Otherwise the first line of standard input is the
 * password, so that scripts can pipe it in
 * ({@code printf '%s\n' "$PW" | push3 passwd alice >> users}). The password never appears
 * on the command line, in the output or in an error message.
 */
@Command(name = "passwd",
        mixinStandardHelpOptions = true,
        description = {
            "Prints a users-file line USER:{SCHEME}hash for auth.file.path (Dovecot passwd-file format).",
            "The password is read from the terminal without echo, or from the first line of standard input"
                    + " when it is piped."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the line was printed", "1:no password, or the two entries differ",
            "2:invalid user name, scheme or usage"})
public final class PasswdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--scheme"}, paramLabel = "SCHEME", defaultValue = PasswordHasher.DEFAULT_SCHEME,
            description = "Password scheme (default: ${DEFAULT-VALUE}): ARGON2ID, BLF-CRYPT, SHA512-CRYPT,"
                    + " SHA256-CRYPT, SSHA512, SSHA256, PBKDF2, SCRAM-SHA-256, SCRAM-SHA-1, ARGON2I, CRYPT or PLAIN.")
    String scheme;

    @Parameters(index = "0", paramLabel = "USER", description = "The user name (no ':' or white space).")
    String user;

    @Override
    public Integer call() throws IOException {
        char[] password;
        try {
            password = readPassword(PasswordPrompt.standardStreams());
        } catch (NoPasswordException e) {
            spec.commandLine().getErr().println("push3 passwd: " + e.getMessage());
            return 1;
        }
        try {
            spec.commandLine().getOut().println(PasswordHasher.line(user, scheme, password));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IllegalArgumentException e) {
            // The hasher's messages never contain the password.
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        } finally {
            PasswordPrompt.wipe(password);
        }
    }

    private char[] readPassword(PasswordPrompt prompt) throws IOException, NoPasswordException {
        return prompt.interactive() ? prompt.askTwice("Password for " + user + ": ") : prompt.readPiped();
    }
}
