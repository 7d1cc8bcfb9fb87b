package dev.push3.metrics.openmetrics;

import dev.push3.api.metrics.MetricsUnavailableException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches the exposition with one HTTP GET, whole, within the timeout.
 *
 * <p>The request's own timeout only covers the wait for the response headers, so the whole
 * exchange (body included) is also bounded by waiting on it with a deadline and cancelling it
 * when the deadline passes. A body over {@link #MAX_BODY_BYTES} is refused. Redirects are not
 * followed: a metrics URL that moves is a configuration error worth seeing.
 */
final class HttpScraper implements AutoCloseable {
    /** Prefer OpenMetrics (its {@code # EOF} shows a body cut short), accept the Prometheus text format. */
    static final String ACCEPT =
            "application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /** Far above any real exposition (Dovecot's are a few kB), far below a heap's worth. */
    static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

    private final URI url;
    private final Duration timeout;
    private final long maxBodyBytes;
    private final HttpClient client;

    HttpScraper(URI url, Duration timeout) {
        this(url, timeout, MAX_BODY_BYTES);
    }

    HttpScraper(URI url, Duration timeout, long maxBodyBytes) {
        this.url = url;
        this.timeout = timeout;
        this.maxBodyBytes = maxBodyBytes;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Fetches the body.
     *
     * @return the body and its format
     * @throws MetricsUnavailableException when the endpoint cannot be reached, does not answer
     *     in time, or answers with a status other than 200
     */
    ScrapedBody fetch() throws MetricsUnavailableException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Accept", ACCEPT)
                .GET()
                .build();
        HttpResponse<String> response = await(client.sendAsync(request, BoundedBodySubscriber.handler(maxBodyBytes)));
        if (response.statusCode() != 200) {
            throw new MetricsUnavailableException(url + " answered HTTP " + response.statusCode() + ", expected 200");
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        return new ScrapedBody(response.body(), ExpositionFormat.ofContentType(contentType));
    }

    private HttpResponse<String> await(CompletableFuture<HttpResponse<String>> pending)
            throws MetricsUnavailableException {
        try {
            return pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new MetricsUnavailableException(url + " did not answer within " + text(timeout)
                    + " (" + OpenMetricsSettings.TIMEOUT + ")");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new MetricsUnavailableException(url + " cannot be read: " + describe(cause), cause);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new MetricsUnavailableException("interrupted while reading " + url, e);
        }
    }

    /** A JDK network exception often has no message ({@code ConnectException}); its type says it. */
    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        String type = cause.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    /** Writes a duration the way the settings are written: {@code 2s}, {@code 1500ms}. */
    private static String text(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** Stops the client's threads and aborts any exchange still running. */
    @Override
    public void close() {
        client.shutdownNow();
    }
}
