package dev.push3.metrics.openmetrics;

import java.util.Objects;

/**
 * One label of a sample, with its value unescaped ({@code \\}, {@code \"} and {@code \n}
 * already turned into the characters they stand for).
 *
 * @param name the label name, for example {@code cmd_name}
 * @param value the unescaped value, for example {@code RETR}; may be empty
 */
record Label(String name, String value) {
    Label {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
