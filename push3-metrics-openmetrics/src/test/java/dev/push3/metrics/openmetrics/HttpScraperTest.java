package dev.push3.metrics.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.metrics.MetricsUnavailableException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpScraperTest {
    private ExpositionServer endpoint;

    @BeforeEach
    void start() throws Exception {
        endpoint = new ExpositionServer();
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void refusesABodyLargerThanTheLimit() {
        endpoint.serve(ExpositionServer.TEXT_TYPE, "a 1\n".repeat(100));

        try (HttpScraper scraper = new HttpScraper(URI.create(endpoint.url()), Duration.ofSeconds(5), 399)) {
            assertThatThrownBy(scraper::fetch)
                    .isInstanceOf(MetricsUnavailableException.class)
                    .hasMessage(endpoint.url() + " cannot be read: IOException: the body is larger than 399 bytes");
        }
    }

    @Test
    void acceptsABodyOfExactlyTheLimit() throws Exception {
        endpoint.serve(ExpositionServer.TEXT_TYPE, "a 1\n".repeat(100));

        try (HttpScraper scraper = new HttpScraper(URI.create(endpoint.url()), Duration.ofSeconds(5), 400)) {
            assertThat(scraper.fetch().text()).hasSize(400);
        }
    }

    @Test
    void decodesWithTheCharsetTheEndpointNames() throws Exception {
        endpoint.serve("text/plain; version=0.0.4; charset=ISO-8859-1",
                "a{city=\"Zürich\"} 1\n".getBytes(StandardCharsets.ISO_8859_1));

        try (HttpScraper scraper = new HttpScraper(URI.create(endpoint.url()), Duration.ofSeconds(5))) {
            ScrapedBody body = scraper.fetch();
            assertThat(body.text()).isEqualTo("a{city=\"Zürich\"} 1\n");
            assertThat(body.format()).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        }
    }

    @Test
    void decodesUtf8WhenNoCharsetIsNamed() throws Exception {
        endpoint.serve("application/openmetrics-text", "a{city=\"Zürich\"} 1\n# EOF\n");

        try (HttpScraper scraper = new HttpScraper(URI.create(endpoint.url()), Duration.ofSeconds(5))) {
            ScrapedBody body = scraper.fetch();
            assertThat(body.text()).contains("Zürich");
            assertThat(body.format()).isEqualTo(ExpositionFormat.OPENMETRICS);
        }
    }
}
