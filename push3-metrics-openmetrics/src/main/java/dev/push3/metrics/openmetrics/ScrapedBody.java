package dev.push3.metrics.openmetrics;

import java.util.Objects;

/**
 * What one scrape brought back.
 *
 * @param text the body, decoded with the charset the server named (UTF-8 when it named none)
 * @param format the format its {@code Content-Type} names
 */
record ScrapedBody(String text, ExpositionFormat format) {
    ScrapedBody {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(format, "format");
    }
}
