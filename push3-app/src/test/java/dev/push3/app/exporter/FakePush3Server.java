package dev.push3.app.exporter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in Push3 server on a real socket: LOGIN succeeds, METRICS answers a fixed text
 * (which may be what no real server sends), QUIT closes. Records every line it receives.
 */
public final class FakePush3Server implements AutoCloseable {
    private final ServerSocket socket;
    private final String metrics;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    /**
     * Listens on {@code address}, port chosen by the system.
     *
     * @param address a loopback address such as 127.0.0.3
     * @param metrics the text after {@code ->SUCCESS: } in the METRICS reply
     */
    public FakePush3Server(String address, String metrics) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getByName(address));
        this.metrics = metrics;
        Thread.ofVirtual().start(this::accept);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** @return the lines received so far, from every connection */
    public List<String> received() {
        return received;
    }

    /** @return how many connections were accepted */
    public int connections() {
        return accepted.size();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                accepted.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = s.getOutputStream();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                received.add(line);
                String verb = line.split(" ", 2)[0];
                String reply = switch (verb) {
                    case "LOGIN" -> "->SUCCESS: logged in";
                    case "METRICS" -> "->SUCCESS: " + metrics;
                    case "QUIT", "FINISH" -> "->SUCCESS: bye";
                    default -> "->FAIL: unknown command";
                };
                out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (verb.equals("QUIT") || verb.equals("FINISH")) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
