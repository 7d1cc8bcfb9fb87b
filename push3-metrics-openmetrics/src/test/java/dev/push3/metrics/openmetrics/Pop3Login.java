package dev.push3.metrics.openmetrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal POP3 client: USER, PASS, QUIT over a plain socket, to drive Dovecot directly. */
final class Pop3Login {
    private Pop3Login() {
    }

    /**
     * Logs in and out once.
     *
     * @return true when Dovecot accepted the password
     */
    static boolean login(int port, String user, String password) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            expectOk(in.readLine(), "greeting");
            send(out, "USER " + user);
            expectOk(in.readLine(), "USER");
            send(out, "PASS " + password);
            boolean accepted = in.readLine().startsWith("+OK");
            send(out, "QUIT");
            expectOk(in.readLine(), "QUIT");
            return accepted;
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void expectOk(String reply, String after) {
        if (reply == null || !reply.startsWith("+OK")) {
            throw new IllegalStateException("POP3 " + after + " answered " + reply);
        }
    }
}
