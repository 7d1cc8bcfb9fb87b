package dev.push3.app.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The requests a load client sends and how it reads one reply, per protocol. Requests are
 * encoded once, before the run, so a client sends ready-made bytes.
 */
public enum WireProtocol {
    /** Push3: one request line, one reply line starting {@code ->SUCCESS:} or {@code ->FAIL:}. */
    PUSH3("METRICS") {
        @Override
        byte[] login(String user, String password) {
            return line("LOGIN " + user + " " + password);
        }

        @Override
        byte[] request(String command) {
            return line(command);
        }

        @Override
        boolean readReply(WireConnection connection) throws IOException {
            connection.readLine();
            return connection.lineStartsWith(SUCCESS);
        }
    },

    /**
     * Redis (RESP 2), as {@code redis-benchmark} speaks it: requests are arrays of bulk
     * strings; LOGIN is {@code AUTH [user] password} (an empty user sends the password alone,
     * for {@code requirepass}).
     */
    REDIS("INFO server") {
        @Override
        byte[] login(String user, String password) {
            return user.isEmpty() ? array("AUTH", password) : array("AUTH", user, password);
        }

        @Override
        byte[] request(String command) {
            return array(command.split(" "));
        }

        @Override
        boolean readReply(WireConnection connection) throws IOException {
            connection.readLine();
            return switch (connection.lineFirstOctet()) {
                case '+', ':' -> true;
                case '-' -> false;
                case '$' -> {
                    long length = connection.lineNumber();
                    if (length >= 0) {
                        connection.skip(length + 2); // the bulk string and its CRLF
                    }
                    yield length >= 0;
                }
                default -> throw new IOException("unexpected RESP reply type '" + (char) connection.lineFirstOctet() + "'");
            };
        }
    };

    private static final byte[] SUCCESS = "->SUCCESS".getBytes(StandardCharsets.US_ASCII);

    private final String defaultCommand;

    WireProtocol(String defaultCommand) {
        this.defaultCommand = defaultCommand;
    }

    /**
     * Returns the request a persistent client repeats unless told otherwise.
     *
     * @return {@code METRICS} for Push3, {@code INFO server} for Redis
     */
    public String defaultCommand() {
        return defaultCommand;
    }

    /** Encodes the log-in request. */
    abstract byte[] login(String user, String password);

    /** Encodes a request given as words separated by single spaces. */
    abstract byte[] request(String command);

    /** Encodes the request that ends a session; both protocols call it QUIT. */
    byte[] quit() {
        return request("QUIT");
    }

    /**
     * Reads one whole reply.
     *
     * @return true for a positive reply, false for an error reply
     * @throws IOException when the connection fails or the reply is not of this protocol
     */
    abstract boolean readReply(WireConnection connection) throws IOException;

    private static byte[] line(String text) {
        return (text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] array(String... words) {
        StringBuilder out = new StringBuilder("*").append(words.length).append("\r\n");
        Arrays.stream(words).forEach(word -> out.append('$').append(word.getBytes(StandardCharsets.UTF_8).length)
                .append("\r\n").append(word).append("\r\n"));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
