package dev.push3.metrics.openmetrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP endpoint on loopback that serves whatever exposition a test sets, counts the
 * requests it gets and can hold its answers back.
 */
final class ExpositionServer implements AutoCloseable {
    static final String OPENMETRICS_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String TEXT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 200;
    private volatile String contentType = OPENMETRICS_TYPE;
    private volatile byte[] body = "# EOF\n".getBytes(StandardCharsets.UTF_8);
    private volatile String lastAccept = "";
    private volatile CountDownLatch hold = new CountDownLatch(0);

    ExpositionServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", this::answer);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
    }

    ExpositionServer serve(String contentType, String body) {
        return serve(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    ExpositionServer serve(String contentType, byte[] body) {
        this.contentType = contentType;
        this.body = body.clone();
        return this;
    }

    ExpositionServer status(int status) {
        this.status = status;
        return this;
    }

    /** Holds every answer until {@link #release()}. */
    ExpositionServer hold() {
        hold = new CountDownLatch(1);
        return this;
    }

    void release() {
        hold.countDown();
    }

    int requests() {
        return requests.get();
    }

    String lastAccept() {
        return lastAccept;
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        lastAccept = exchange.getRequestHeaders().getFirst("Accept");
        try {
            hold.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = body;
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
