package dev.push3.app.cli;

import dev.push3.api.ConfigException;
import dev.push3.app.cli.PasswordPrompt.NoPasswordException;
import dev.push3.app.config.SecretFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a client command's password comes from, first match wins: a file, the
 * {@value #ENVIRONMENT_VARIABLE} environment variable, a prompt on the terminal that
 * does not echo, or else the first line of standard input, piped in by a script as
 * {@code push3 passwd} accepts it. The password never appears in an error message, and an
 * error names {@code --password-file} only when that option was given.
 *
 * @param file the file named with {@code --password-file}, if any
 * @param environment the value of {@value #ENVIRONMENT_VARIABLE}, if set
 * @param terminal asks on the terminal when neither of the others is given
 */
record PasswordSource(Optional<Path> file, Optional<String> environment, PasswordPrompt terminal) {
    /** The environment variable that may hold the password. */
    static final String ENVIRONMENT_VARIABLE = "PUSH3_PASSWORD";
    /** What an error is about when no {@code --password-file} was given. */
    static final String PASSWORD = "password";
    private static final String WAYS = "pipe it on standard input, use --password-file FILE, set "
            + ENVIRONMENT_VARIABLE + ", or run on a terminal to be asked";

    /**
     * Returns the password.
     *
     * @param prompt what to ask on the terminal
     * @param warnings where to warn about a password file other users can read
     * @return the password; never null
     * @throws ConfigException when there is no password, or the file cannot be used
     */
    String password(String prompt, PrintWriter warnings) {
        if (file.isPresent()) {
            return SecretFile.firstLine(file.get(), "--password-file", warnings);
        }
        if (environment.isPresent() && !environment.get().isEmpty()) {
            return environment.get();
        }
        return terminal.interactive() ? typed(prompt) : piped();
    }

    private String piped() {
        char[] line = null;
        try {
            line = terminal.readPiped();
            return new String(line);
        } catch (NoPasswordException e) { // nothing piped, or a line too long or not UTF-8
            throw new ConfigException(PASSWORD, e.getMessage().startsWith("no password") ? "no password: " + WAYS : e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(PASSWORD, "cannot read standard input: " + ConfigException.reason(e));
        } finally {
            PasswordPrompt.wipe(line);
        }
    }

    private String typed(String prompt) {
        char[] typed = null;
        try {
            typed = terminal.askOnce(prompt);
            return new String(typed);
        } catch (NoPasswordException e) {
            throw new ConfigException(PASSWORD, e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(PASSWORD, "cannot read the terminal: " + ConfigException.reason(e));
        } finally {
            PasswordPrompt.wipe(typed);
        }
    }
}
