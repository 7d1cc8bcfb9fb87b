package dev.push3.app.check;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A threshold range in the Monitoring Plugins syntax, {@code [@]start:end}: {@code 10} is
 * 0 to 10, {@code 10:} is 10 to infinity, {@code ~:10} minus infinity to 10, {@code 10:20}
 * 10 to 20 (ends included). A value outside the range alerts; with {@code @} a value inside
 * it (ends included) alerts instead.
 *
 * @param start the lower end; empty for minus infinity ({@code ~})
 * @param end the upper end; empty for infinity
 * @param inside whether a value inside alerts ({@code @})
 * @param text the range as written, for performance data
 */
public record Range(Optional<BigDecimal> start, Optional<BigDecimal> end, boolean inside, String text) {
    private static final String NUMBER = "[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)";
    private static final Pattern SYNTAX = Pattern.compile("(@)?(?:(~|" + NUMBER + "):)?(" + NUMBER + ")?");

    /**
     * Parses a range.
     *
     * @param text for example {@code 10}, {@code 10:}, {@code ~:10}, {@code 10:20}, {@code @10:20}; not null
     * @return the range
     * @throws IllegalArgumentException when the text is not a range, or its start is above its end
     */
    public static Range parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (text.isEmpty() || !m.matches() || (m.group(2) == null && m.group(3) == null)) {
            throw new IllegalArgumentException("'" + text + "' is not a range: use 10, 10:, ~:10, 10:20 or @10:20");
        }
        Optional<BigDecimal> start = m.group(2) == null ? Optional.of(BigDecimal.ZERO)
                : m.group(2).equals("~") ? Optional.empty() : Optional.of(new BigDecimal(m.group(2)));
        Optional<BigDecimal> end = Optional.ofNullable(m.group(3)).map(BigDecimal::new);
        if (start.isPresent() && end.isPresent() && start.get().compareTo(end.get()) > 0) {
            throw new IllegalArgumentException("'" + text + "': the start " + start.get() + " is above the end " + end.get());
        }
        return new Range(start, end, m.group(1) != null, text);
    }

    /**
     * Tells whether a value alerts.
     *
     * @param value the metric's value; not null
     * @return true when it is outside the range (inside, for {@code @})
     */
    public boolean alerts(BigDecimal value) {
        boolean within = start.map(s -> value.compareTo(s) >= 0).orElse(true) && end.map(e -> value.compareTo(e) <= 0).orElse(true);
        return within == inside;
    }
}
