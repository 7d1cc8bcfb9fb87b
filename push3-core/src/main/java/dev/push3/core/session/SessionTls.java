package dev.push3.core.session;

import dev.push3.api.metrics.MetricInfo;
import dev.push3.core.metrics.Counter;
import dev.push3.core.metrics.MetricRegistry;
import dev.push3.core.tls.ServerTls;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLSocket;

/**
 * TLS as sessions use it, for STLS and the implicit-TLS listener alike: the handshake and
 * its counters.
 *
 * @param server the certificate and parameters served; the server closes it
 * @param handshakes handshakes completed ({@code push3.tls.handshakes})
 * @param handshakeFailures handshakes that failed or timed out ({@code push3.tls.handshake_failures})
 */
public record SessionTls(ServerTls server, Counter handshakes, Counter handshakeFailures) {

    /**
     * Registers the counters and the gauge {@code push3.tls.cert.expiry_seconds}, the
     * seconds left on the certificate served (negative once expired): what operators alert on.
     *
     * @param server the TLS side of the server; not null
     * @param registry where to register; not null
     * @return the sessions' view; never null
     */
    public static SessionTls register(ServerTls server, MetricRegistry registry) {
        registry.gauge("push3.tls.cert.expiry_seconds", MetricInfo.gauge(
                "Time left on the server's certificate, negative once expired").withUnit("seconds"),
                () -> server.certificateTimeLeft().toSeconds());
        return new SessionTls(server, registry.counter("push3.tls.handshakes", MetricInfo.counter("TLS handshakes completed")),
                registry.counter("push3.tls.handshake_failures", MetricInfo.counter("TLS handshakes that failed")));
    }

    /**
     * Layers TLS over a connection, as the server, without starting the handshake.
     *
     * @param plain the connection; what was already read from it stays behind with its reader
     * @return the TLS socket; closing it closes {@code plain}
     * @throws IOException when the connection is already closed
     */
    SSLSocket wrap(Socket plain) throws IOException {
        return server.wrap(plain);
    }

    /**
     * Completes the handshake on the calling (session) thread, counting its outcome.
     *
     * @param socket a socket from {@link #wrap}
     * @param limit how long the whole handshake may wait for the client; zero for no limit
     * @throws IOException when the handshake fails or the client is silent for {@code limit}
     */
    void handshake(SSLSocket socket, Duration limit) throws IOException {
        try {
            socket.setSoTimeout(limit.isZero() ? 0 : (int) Math.clamp(limit.toMillis(), 1, Integer.MAX_VALUE));
            socket.startHandshake();
        } catch (IOException e) {
            handshakeFailures.increment();
            throw e;
        }
        handshakes.increment();
    }
}
