package dev.push3.auth.pop3;

import java.util.Locale;

/**
 * How the password is presented to the POP3 server ({@code auth.pop3.mechanism}).
 * Constants are declared weakest first; see {@link Pop3Dialog} for how the strongest
 * offered one is chosen.
 */
enum Mechanism {
    /** {@code USER} then {@code PASS} (RFC 1939): the password in clear text. */
    USER("user", true),
    /** {@code AUTH PLAIN} with an initial response (RFC 5034): the password base64-encoded, so in clear text. */
    SASL_PLAIN("sasl-plain", true),
    /** {@code APOP} (RFC 1939): an MD5 digest of the greeting's timestamp and the password; the password never travels. */
    APOP("apop", false);

    private final String configName;
    private final boolean sendsPassword;

    Mechanism(String configName, boolean sendsPassword) {
        this.configName = configName;
        this.sendsPassword = sendsPassword;
    }

    /**
     * Returns the name used in {@code auth.pop3.mechanism}.
     *
     * @return for example {@code sasl-plain}
     */
    String configName() {
        return configName;
    }

    /**
     * Tells whether the password itself crosses the connection, so that an unencrypted
     * connection to another host must be refused.
     *
     * @return true for {@code user} and {@code sasl-plain}
     */
    boolean sendsPassword() {
        return sendsPassword;
    }

    /**
     * Finds the mechanism of a configuration name.
     *
     * @param configName one of the {@link #configName()}s, any case
     * @return the mechanism
     * @throws IllegalArgumentException when no mechanism has that name
     */
    static Mechanism ofConfigName(String configName) {
        String wanted = configName.toLowerCase(Locale.ROOT);
        for (Mechanism m : values()) {
            if (m.configName.equals(wanted)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no mechanism " + configName);
    }
}
