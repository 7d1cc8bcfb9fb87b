package dev.push3.app.cli;

import dev.push3.auth.file.passwd.PasswordHasher;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * <p>On a terminal the password is read twice without echo (through {@link Console}, or
 * with {@code stty -echo} when standard output is redirected, as in
 * {@code push3 passwd alice >> users}). Otherwise the first line of standard input is the
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
    /** Longest password line read from a pipe; a longer one is refused rather than cut. */
    private static final int MAX_PIPED_BYTES = 4096;

    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--scheme"}, paramLabel = "SCHEME", defaultValue = PasswordHasher.DEFAULT_SCHEME,
            description = "Password scheme (default: ${DEFAULT-VALUE}): ARGON2ID, BLF-CRYPT, SHA512-CRYPT,"
                    + " SHA256-CRYPT, SSHA512, SSHA256, PBKDF2, ARGON2I, CRYPT or PLAIN.")
    String scheme;

    @Parameters(index = "0", paramLabel = "USER", description = "The user name (no ':' or white space).")
    String user;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        char[] password = readPassword(err);
        if (password == null) {
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
            Arrays.fill(password, '\0');
        }
    }

    /** Returns the password, or null after telling the user why there is none. */
    private char[] readPassword(PrintWriter err) throws IOException {
        Console console = System.console();
        if (console != null && isTerminal(console)) {
            return readFromTerminal(console, err);
        }
        if (stdinIsTerminal()) {
            // The usual case "push3 passwd alice >> users": stdout is a file, so there is no
            // Console, but the password is still typed and must not be echoed.
            return readWithEchoOff(err);
        }
        return requireNonEmpty(readFirstLine(System.in, err), err);
    }

    private static char[] requireNonEmpty(char[] password, PrintWriter err) {
        if (password != null && password.length == 0) {
            err.println("push3 passwd: no password given (expected it on the first line of standard input)");
            return null;
        }
        return password;
    }

    /** Turns terminal echo off with stty, reads the password twice, and always turns echo back on. */
    private char[] readWithEchoOff(PrintWriter err) throws IOException {
        Thread restoreEcho = new Thread(() -> stty("echo"));
        Runtime.getRuntime().addShutdownHook(restoreEcho);
        stty("-echo");
        char[] first = null;
        char[] second = null;
        try {
            first = prompt(err, "Password for " + user + ": ");
            second = first == null || first.length == 0 ? null : prompt(err, "Retype password: ");
            return confirmed(first, second, err);
        } finally {
            stty("echo");
            Runtime.getRuntime().removeShutdownHook(restoreEcho);
            wipe(first);
            wipe(second);
        }
    }

    private static char[] prompt(PrintWriter err, String text) throws IOException {
        System.err.print(text);
        System.err.flush();
        char[] line = readFirstLine(System.in, err);
        System.err.println();
        return line;
    }

    private static boolean stdinIsTerminal() {
        try {
            Process test = new ProcessBuilder("test", "-t", "0")
                    .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            return test.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void stty(String setting) {
        try {
            new ProcessBuilder("stty", setting).redirectInput(ProcessBuilder.Redirect.INHERIT).start().waitFor();
        } catch (IOException e) {
            // No stty: the terminal keeps its setting; nothing better can be done here.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private char[] readFromTerminal(Console console, PrintWriter err) {
        char[] first = console.readPassword("Password for %s: ", user);
        char[] second = first == null || first.length == 0 ? null : console.readPassword("Retype password: ");
        try {
            return confirmed(first, second, err);
        } finally {
            wipe(first);
            wipe(second);
        }
    }

    /** Returns a copy of the password when both entries are there and equal, else null after saying why. */
    private static char[] confirmed(char[] first, char[] second, PrintWriter err) {
        if (first == null || first.length == 0) {
            err.println("push3 passwd: no password entered");
            return null;
        }
        if (!Arrays.equals(first, second)) {
            err.println("push3 passwd: the two passwords differ; nothing was printed");
            return null;
        }
        return first.clone();
    }

    private static void wipe(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    /** Reads the first line (LF or CRLF ends it) as strict UTF-8, into arrays that are wiped after use. */
    private static char[] readFirstLine(InputStream in, PrintWriter err) throws IOException {
        byte[] bytes = new byte[MAX_PIPED_BYTES];
        int length = 0;
        try {
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                if (length == MAX_PIPED_BYTES) {
                    err.println("push3 passwd: the password line is longer than " + MAX_PIPED_BYTES + " bytes");
                    return null;
                }
                bytes[length++] = (byte) b;
            }
            if (length > 0 && bytes[length - 1] == '\r') {
                length--;
            }
            return decodeUtf8(bytes, length, err);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static char[] decodeUtf8(byte[] bytes, int length, PrintWriter err) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
            char[] password = new char[chars.remaining()];
            chars.get(password);
            Arrays.fill(chars.array(), '\0');
            return password;
        } catch (CharacterCodingException e) {
            err.println("push3 passwd: the password on standard input is not valid UTF-8");
            return null;
        }
    }

    /**
     * Tells whether the console is an interactive terminal. From JDK 22 on, System.console()
     * may return a console for redirected streams, and Console.isTerminal() tells them apart;
     * on JDK 21 (which this compiles for) a console is only returned for a terminal.
     */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
