package dev.push3.auth.pop3;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A Push3 client over a real socket bound to a chosen loopback address, so that a test can
 * play distinct clients (127.0.0.2, 127.0.0.3) against one Push3 server on 127.0.0.1.
 */
final class LoopbackClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private LoopbackClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        this.out = socket.getOutputStream();
    }

    /**
     * Connects from {@code from} to the Push3 server on 127.0.0.1.
     *
     * @param from the local address, for example {@code 127.0.0.2}
     * @param port the Push3 server's port
     * @return the connected client
     */
    static LoopbackClient connect(String from, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(120_000);
            return new LoopbackClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends {@code LOGIN user password} (the password as UTF-8) and reads the reply.
     *
     * @return the reply line, for example {@code ->SUCCESS: logged in}; {@code <closed>} at end of stream
     */
    String login(String user, String password) throws IOException {
        out.write(("LOGIN " + user + " " + password + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String reply = in.readLine();
        return reply == null ? "<closed>" : reply;
    }

    /** The local address and port, as the Push3 server sees them. */
    InetSocketAddress local() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
