package dev.push3.app.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One client connection of a load run: sends prepared bytes, reads reply lines into its own
 * buffer and keeps only a line's first octets, so reading a reply allocates nothing. Not
 * thread-safe: one per load client.
 */
final class WireConnection implements Closeable {
    private static final int HEAD = 32;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[8192];
    private final byte[] head = new byte[HEAD];
    private int position;
    private int limit;
    private int lineLength;

    private WireConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Connects.
     *
     * @param server the server's address
     * @param source the local address to connect from; null for the system's choice
     * @param timeoutMillis the longest wait to connect and for each read
     */
    static WireConnection open(InetSocketAddress server, InetAddress source, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            socket.connect(server, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            return new WireConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    void send(byte[] request) throws IOException {
        out.write(request);
    }

    /** Reads through the next LF, keeping the line's first octets. */
    void readLine() throws IOException {
        int length = 0;
        while (true) {
            if (position == limit) {
                fill();
            }
            byte b = buffer[position++];
            if (length < HEAD) {
                head[length] = b;
            }
            length++;
            if (b == '\n') {
                lineLength = length;
                return;
            }
        }
    }

    boolean lineStartsWith(byte[] prefix) {
        if (lineLength < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    int lineFirstOctet() {
        return lineLength == 0 ? -1 : head[0];
    }

    /** Reads the signed decimal after the first octet of the line, as in RESP's {@code $12}. */
    long lineNumber() throws IOException {
        int end = Math.min(lineLength, HEAD);
        boolean negative = end > 1 && head[1] == '-';
        long value = 0;
        for (int i = negative ? 2 : 1; i < end && head[i] != '\r' && head[i] != '\n'; i++) {
            if (head[i] < '0' || head[i] > '9') {
                throw new IOException("not a number in a reply line");
            }
            value = value * 10 + head[i] - '0';
        }
        return negative ? -value : value;
    }

    void skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            if (position == limit) {
                fill();
            }
            int n = (int) Math.min(left, limit - position);
            position += n;
            left -= n;
        }
    }

    private void fill() throws IOException {
        int n = in.read(buffer);
        if (n < 0) {
            throw new EOFException("the server closed the connection");
        }
        position = 0;
        limit = n;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
