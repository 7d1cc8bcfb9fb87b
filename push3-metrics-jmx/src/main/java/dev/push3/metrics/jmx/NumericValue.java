package dev.push3.metrics.jmx;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Turns an attribute value into a metric value: numbers as they are, booleans as 1 or 0. */
final class NumericValue {
    private NumericValue() {
    }

    /**
     * Converts a value read from an MBean.
     *
     * @param value anything an attribute may hold; may be null
     * @return the number; empty for null, text, arrays, composites, NaN and infinities
     */
    static Optional<BigDecimal> of(Object value) {
        return switch (value) {
            case Boolean b -> Optional.of(b ? BigDecimal.ONE : BigDecimal.ZERO);
            case Integer i -> Optional.of(BigDecimal.valueOf(i));
            case Long l -> Optional.of(BigDecimal.valueOf(l));
            case Short s -> Optional.of(BigDecimal.valueOf(s));
            case Byte b -> Optional.of(BigDecimal.valueOf(b));
            case AtomicInteger i -> Optional.of(BigDecimal.valueOf(i.get()));
            case AtomicLong l -> Optional.of(BigDecimal.valueOf(l.get()));
            case BigDecimal d -> Optional.of(d);
            case BigInteger i -> Optional.of(new BigDecimal(i));
            // Float.toString keeps 0.1f as 0.1 instead of 0.100000001490116...
            case Float f -> Float.isFinite(f) ? Optional.of(new BigDecimal(f.toString())) : Optional.empty();
            case Double d -> Double.isFinite(d) ? Optional.of(BigDecimal.valueOf(d)) : Optional.empty();
            case Number n -> parse(n.toString());
            case null, default -> Optional.empty();
        };
    }

    private static Optional<BigDecimal> parse(String text) {
        try {
            return Optional.of(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
