package dev.push3.core.protocol;

import dev.push3.core.settings.PercentEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses a request line per the grammar in docs/PROTOCOL.md: a command name of 1 to 20
 * ASCII letters (any case), then up to two arguments, each after exactly one space. LOGIN's
 * first argument has no spaces; its second is the rest of the line. Arguments are
 * printable ASCII, except LOGIN's password, which may be any UTF-8 text without control
 * characters. Never throws: every line becomes exactly one {@link Request}.
 */
public final class RequestParser {
    /** The longest request line allowed, in octets, CRLF included (docs/PROTOCOL.md). */
    public static final int MAX_LINE_OCTETS = 512;
    private static final int MAX_COMMAND_LENGTH = 20;
    private static final String INVALID_ARGUMENTS = "invalid characters in arguments";

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
        String command = name.toUpperCase(Locale.ROOT);
        if (command.equals("LOGIN")) {
            return login(arguments);
        }
        if (arguments != null && !isPrintableAscii(arguments)) {
            return new Request.Malformed(INVALID_ARGUMENTS);
        }
        return switch (command) {
            case "METRICS" -> arguments == null ? new Request.Metrics() : noArguments(command);
            case "FINISH", "QUIT" -> arguments == null ? new Request.Finish(command) : noArguments(command);
            case "CAPA" -> arguments == null ? new Request.Capa() : noArguments(command);
            case "STLS" -> arguments == null ? new Request.Stls() : noArguments(command);
            case "CONFIG" -> config(arguments);
            default -> new Request.Unknown(command);
        };
    }

    private static Request login(String arguments) {
        int space = arguments == null ? -1 : arguments.indexOf(' ');
        if (space <= 0 || space == arguments.length() - 1) {
            return new Request.Malformed("LOGIN needs 2 arguments: LOGIN user password");
        }
        String user = arguments.substring(0, space);
        Optional<String> password = utf8Text(arguments.substring(space + 1));
        if (!isPrintableAscii(user) || password.isEmpty()) {
            return new Request.Malformed(INVALID_ARGUMENTS);
        }
        return new Request.Login(user, password.get());
    }

    /**
     * Decodes a password sent as UTF-8 (the line holds one char per octet), so that users
     * whose POP3 passwords are not ASCII can log in. Control characters are refused.
     */
    private static Optional<String> utf8Text(String octets) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
            return text.chars().anyMatch(Character::isISOControl) ? Optional.empty() : Optional.of(text);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static Request config(String arguments) {
        if (arguments == null) {
            return new Request.Config(Optional.empty(), Optional.empty());
        }
        String[] parts = arguments.split(" ", -1);
        if (parts.length == 2 && !parts[0].isEmpty() && parts[1].isEmpty()) {
            return new Request.Malformed(PercentEncoding.EMPTY_VALUE);
        }
        if (parts.length > 2 || Arrays.stream(parts).anyMatch(String::isEmpty)) {
            return new Request.Malformed("CONFIG takes at most 2 arguments: CONFIG [key [value]]");
        }
        return new Request.Config(Optional.of(parts[0]), parts.length == 2 ? Optional.of(parts[1]) : Optional.empty());
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
