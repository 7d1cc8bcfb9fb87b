package dev.push3.app.cli;

import java.io.IOException;

/**
 * The terminal on standard input, driven with {@code test} and {@code stty} because there is
 * no {@link java.io.Console} when standard output is redirected. {@link #off()} turns echo off
 * until {@link #close()}, and a shutdown hook turns it back on should the JVM end in between
 * (Ctrl-C at the prompt).
 */
final class TerminalEcho implements AutoCloseable {
    private final Thread restoreEcho = new Thread(() -> stty("echo"));

    private TerminalEcho() {
    }

    /** Tells whether standard input is a terminal; false when it is a pipe, a file, or cannot be told. */
    static boolean standardInputIsTerminal() {
        return succeeds("test", "-t", "0");
    }

    /** Turns echo off on the terminal on standard input. */
    static TerminalEcho off() {
        TerminalEcho echo = new TerminalEcho();
        Runtime.getRuntime().addShutdownHook(echo.restoreEcho);
        stty("-echo");
        return echo;
    }

    /** Turns echo back on. */
    @Override
    public void close() {
        stty("echo");
        Runtime.getRuntime().removeShutdownHook(restoreEcho);
    }

    private static void stty(String setting) {
        succeeds("stty", setting); // when it fails the terminal keeps its setting: nothing better can be done
    }

    /** Runs a program on this process's standard input and tells whether it exited with 0. */
    private static boolean succeeds(String... command) {
        try {
            return new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT).start().waitFor() == 0;
        } catch (IOException e) {
            return false; // no such program
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
