package dev.push3.metrics.openmetrics;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a body as text, but gives up (and cancels the exchange) once it passes a size: an
 * endpoint that streams without end must not fill the heap. Decodes with the charset the
 * {@code Content-Type} names, UTF-8 when it names none or one this JVM does not know.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<String> {
    private final HttpResponse.BodySubscriber<String> text;
    private final long maxBytes;
    private Flow.Subscription subscription;
    private long received;
    private boolean failed;

    private BoundedBodySubscriber(Charset charset, long maxBytes) {
        this.text = HttpResponse.BodySubscribers.ofString(charset);
        this.maxBytes = maxBytes;
    }

    /**
     * Returns a handler whose bodies may hold at most {@code maxBytes} bytes.
     *
     * @param maxBytes the largest body accepted
     * @return the handler
     */
    static HttpResponse.BodyHandler<String> handler(long maxBytes) {
        return info -> new BoundedBodySubscriber(charsetOf(info.headers()), maxBytes);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        text.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (failed) {
            return;
        }
        received += buffers.stream().mapToLong(ByteBuffer::remaining).sum();
        if (received > maxBytes) {
            failed = true;
            subscription.cancel();
            text.onError(new IOException("the body is larger than " + maxBytes + " bytes"));
        } else {
            text.onNext(buffers);
        }
    }

    @Override
    public void onError(Throwable error) {
        if (!failed) {
            text.onError(error);
        }
    }

    @Override
    public void onComplete() {
        if (!failed) {
            text.onComplete();
        }
    }

    @Override
    public CompletionStage<String> getBody() {
        return text.getBody();
    }

    private static Charset charsetOf(HttpHeaders headers) {
        String contentType = headers.firstValue("Content-Type").orElse("");
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.strip().split("=", 2);
            if (pair.length == 2 && pair[0].strip().toLowerCase(Locale.ROOT).equals("charset")) {
                try {
                    return Charset.forName(pair[1].strip().replace("\"", ""));
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
