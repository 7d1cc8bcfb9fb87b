package dev.push3.app.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a password without showing it: typed at the terminal with echo off, or the first
 * line of standard input when a script pipes it in. The terminal is the {@link Console}
 * when there is one; when standard output is redirected (as in {@code push3 passwd alice >>
 * users}) there is none, so echo is turned off with {@code stty -echo} and the prompt goes
 * to standard error. The password never appears in a prompt or an exception message.
 */
final class PasswordPrompt {
    private final InputStream in;
    private final PrintStream prompts;

    /**
     * @param in where a piped or (without a console) typed password is read from
     * @param prompts where prompts go when there is no console
     */
    PasswordPrompt(InputStream in, PrintStream prompts) {
        this.in = in;
        this.prompts = prompts;
    }

    /** Reads from this process's standard input and prompts on its standard error. */
    static PasswordPrompt standardStreams() {
        return new PasswordPrompt(System.in, System.err);
    }

    /** Why no password was read; the message says so for the user and never holds the password. */
    static final class NoPasswordException extends Exception {
        private static final long serialVersionUID = 1L;

        NoPasswordException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One line as it was entered, null at end of input. */
    @FunctionalInterface
    private interface Keyboard {
        char[] line(String prompt) throws IOException, NoPasswordException;
    }

    /** What is done with the keyboard while echo is off. */
    @FunctionalInterface
    private interface Entry {
        char[] read(Keyboard keyboard) throws IOException, NoPasswordException;
    }

    /** Tells whether someone is at a terminal to type the password (as opposed to a pipe or nothing). */
    boolean interactive() {
        return terminalConsole().isPresent() || TerminalEcho.standardInputIsTerminal();
    }

    /**
     * Asks once, without echo; only when {@link #interactive()}.
     *
     * @return the password, not empty; the caller wipes it
     * @throws NoPasswordException when nothing was entered, or the line is unusable
     */
    char[] askOnce(String prompt) throws IOException, NoPasswordException {
        return typed(keyboard -> nonEmpty(keyboard.line(prompt), "no password entered"));
    }

    /**
     * Asks twice, without echo, so that a typing mistake is caught; only when {@link #interactive()}.
     *
     * @return the password, not empty; the caller wipes it
     * @throws NoPasswordException when nothing was entered, or the two entries differ
     */
    char[] askTwice(String prompt) throws IOException, NoPasswordException {
        return typed(keyboard -> confirmed(keyboard, prompt));
    }

    /**
     * Reads the first line of the input, for a password piped in by a script.
     *
     * @return the password, not empty; the caller wipes it
     * @throws NoPasswordException when the line is empty, too long or not UTF-8
     */
    char[] readPiped() throws IOException, NoPasswordException {
        return nonEmpty(PasswordLine.read(in), "no password given (expected it on the first line of standard input)");
    }

    private char[] typed(Entry entry) throws IOException, NoPasswordException {
        Optional<Console> console = terminalConsole();
        if (console.isPresent()) {
            return entry.read(prompt -> console.get().readPassword("%s", prompt));
        }
        TerminalEcho echo = TerminalEcho.off();
        try {
            return entry.read(this::promptedLine);
        } finally {
            echo.close();
        }
    }

    private char[] promptedLine(String prompt) throws IOException, NoPasswordException {
        prompts.print(prompt);
        prompts.flush();
        try {
            return PasswordLine.read(in);
        } finally {
            prompts.println(); // the user's Enter was not echoed
        }
    }

    private static char[] confirmed(Keyboard keyboard, String prompt) throws IOException, NoPasswordException {
        char[] first = nonEmpty(keyboard.line(prompt), "no password entered");
        char[] second = null;
        try {
            second = keyboard.line("Retype password: ");
            if (!Arrays.equals(first, second)) {
                throw new NoPasswordException("the two passwords differ; nothing was printed");
            }
            return first.clone();
        } finally {
            wipe(first);
            wipe(second);
        }
    }

    private static char[] nonEmpty(char[] password, String reason) throws NoPasswordException {
        if (password == null || password.length == 0) {
            throw new NoPasswordException(reason);
        }
        return password;
    }

    static void wipe(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * The console, when it is an interactive terminal. From JDK 22 on, System.console() may
     * return a console for redirected streams, and Console.isTerminal() tells them apart; on
     * JDK 21 (which this compiles for) a console is only returned for a terminal.
     */
    private static Optional<Console> terminalConsole() {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        try {
            return ((Boolean) Console.class.getMethod("isTerminal").invoke(console)) ? Optional.of(console) : Optional.empty();
        } catch (ReflectiveOperationException e) {
            return Optional.of(console);
        }
    }
}
