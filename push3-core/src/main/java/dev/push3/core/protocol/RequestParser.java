package dev.push3.core.protocol;

import java.util.Locale;

/**
 * Parses a request line per the grammar in docs/PROTOCOL.md: a command name of 1 to 20
 * ASCII letters (any case), then up to two arguments, each after exactly one space. LOGIN's
 * first argument has no spaces; its second is the rest of the line. Arguments are
 * printable ASCII. Never throws: every line becomes exactly one {@link Request}.
 */
public final class RequestParser {
    private static final int MAX_COMMAND_LENGTH = 20;

    private RequestParser() {
    }

    /**
     * Parses one line.
     *
     * @param line the line without its line end; not null
     * @return the request; never null
     */
    public static Request parse(String line) {
        int space = line.indexOf(' ');
        String name = space < 0 ? line : line.substring(0, space);
        String arguments = space < 0 ? null : line.substring(space + 1);
        if (name.isEmpty()) {
            return new Request.Malformed(line.isEmpty() ? "empty request" : "request must start with a command");
        }
        if (!isAsciiLetters(name)) {
            return new Request.Malformed("invalid characters in command name");
        }
        if (name.length() > MAX_COMMAND_LENGTH) {
            return new Request.Malformed("command name longer than " + MAX_COMMAND_LENGTH + " letters");
        }
        if (arguments != null && !isPrintableAscii(arguments)) {
            return new Request.Malformed("invalid characters in arguments");
        }
        String command = name.toUpperCase(Locale.ROOT);
        return switch (command) {
            case "LOGIN" -> login(arguments);
            case "METRICS" -> arguments == null ? new Request.Metrics() : noArguments(command);
            case "FINISH", "QUIT" -> arguments == null ? new Request.Finish(command) : noArguments(command);
            case "CAPA" -> arguments == null ? new Request.Capa() : noArguments(command);
            default -> new Request.Unknown(command);
        };
    }

    private static Request login(String arguments) {
        int space = arguments == null ? -1 : arguments.indexOf(' ');
        if (space <= 0 || space == arguments.length() - 1) {
            return new Request.Malformed("LOGIN needs 2 arguments: LOGIN user password");
        }
        return new Request.Login(arguments.substring(0, space), arguments.substring(space + 1));
    }

    private static Request noArguments(String command) {
        return new Request.Malformed(command + " takes no arguments");
    }

    private static boolean isAsciiLetters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
