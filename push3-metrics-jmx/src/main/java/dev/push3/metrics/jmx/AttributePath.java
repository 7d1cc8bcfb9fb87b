package dev.push3.metrics.jmx;

import java.util.Objects;
import java.util.Optional;
import javax.management.openmbean.CompositeData;

/**
 * Which attribute of an MBean a rule reads: {@code CurrentConnections}, a key of a
 * composite value such as {@code HeapMemoryUsage.used}, or {@code *} for every readable
 * attribute.
 *
 * @param attribute the attribute's name, or {@code *}
 * @param key the composite-data key, if the attribute holds {@link CompositeData}
 */
record AttributePath(String attribute, Optional<String> key) {
    /** The attribute written {@code *}: every readable attribute of the MBean. */
    static final String ALL = "*";

    AttributePath {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(key, "key");
        if (attribute.isEmpty() || key.filter(String::isEmpty).isPresent()) {
            throw new IllegalArgumentException("attribute and key must not be empty");
        }
    }

    /**
     * Parses {@code Attribute} or {@code Attribute.key}; the first dot separates the two.
     *
     * @param text the path as written in a rule
     * @return the path
     * @throws IllegalArgumentException when a part is empty, or {@code *} has a key
     */
    static AttributePath parse(String text) {
        int dot = text.indexOf('.');
        AttributePath path = dot < 0
                ? new AttributePath(text, Optional.empty())
                : new AttributePath(text.substring(0, dot), Optional.of(text.substring(dot + 1)));
        if (path.isAll() && path.key.isPresent()) {
            throw new IllegalArgumentException("'*' takes no composite key");
        }
        return path;
    }

    /** Tells whether this path stands for every attribute. */
    boolean isAll() {
        return ALL.equals(attribute);
    }

    /** Returns the same key for another attribute (used to expand {@code *}). */
    AttributePath withAttribute(String name) {
        return new AttributePath(name, key);
    }

    /**
     * Selects the value this path points to in an attribute's value.
     *
     * @param value the attribute's value; may be null
     * @return the value itself, or the composite key's value; empty when absent
     */
    Optional<Object> select(Object value) {
        if (key.isEmpty()) {
            return Optional.ofNullable(value);
        }
        if (value instanceof CompositeData composite && composite.containsKey(key.get())) {
            return Optional.ofNullable(composite.get(key.get()));
        }
        return Optional.empty();
    }

    /** Returns the path as written: {@code HeapMemoryUsage.used}. */
    @Override
    public String toString() {
        return key.map(k -> attribute + "." + k).orElse(attribute);
    }
}
