package dev.push3.app.exporter;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code target} parameter of a probe: {@code HOST:PORT}, {@code [IPv6]:PORT}, or a
 * bare {@code HOST} for the default port 2254.
 *
 * @param host a host name (in lower case) or address, without brackets
 * @param port 1 to 65535
 */
public record Target(String host, int port) {
    private static final Pattern FORM = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([^:\\[\\]/?#@\\s]+))(?::(\\d{1,5}))?");
    private static final int DEFAULT_PORT = 2254;

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Reads the parameter.
     *
     * @param text the parameter's value; not null
     * @return the target
     * @throws IllegalArgumentException with a message for the HTTP 400 answer
     */
    public static Target parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("target '" + text + "' is not HOST:PORT");
        }
        int port = m.group(3) == null ? DEFAULT_PORT : Integer.parseInt(m.group(3));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("target '" + text + "': the port must be between 1 and 65535");
        }
        return new Target((m.group(1) != null ? m.group(1) : m.group(2)).toLowerCase(Locale.ROOT), port);
    }
}
