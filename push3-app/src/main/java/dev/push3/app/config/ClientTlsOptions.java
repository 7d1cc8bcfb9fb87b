package dev.push3.app.config;

import dev.push3.api.ConfigException;
import dev.push3.core.client.ClientTls;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The client's TLS choices as a user writes them, for the command line ({@code --starttls},
 * {@code --tls}, ...) and for {@code push3 exporter}'s modules ({@code module.NAME.starttls},
 * ...): one set of rules, each error naming the option or key as the user wrote it.
 *
 * @param prefix what comes before each option's name: {@code --} or {@code module.NAME.}
 * @param startTls STLS after connecting
 * @param implicitTls TLS from the first byte
 * @param caFile PEM certificates to trust instead of the runtime's, if any
 * @param noVerifyHostname accept a trusted certificate that does not name the host
 * @param allowPlaintextLogin send LOGIN in clear text to an address that is not loopback
 */
public record ClientTlsOptions(String prefix, boolean startTls, boolean implicitTls, Optional<Path> caFile,
        boolean noVerifyHostname, boolean allowPlaintextLogin) {
    /**
     * Checks the combination and makes the client's settings.
     *
     * @return the settings; never null
     * @throws ConfigException naming the option at fault: STLS and implicit TLS together, or
     *     a CA file or {@code no-verify-hostname} without TLS
     */
    public ClientTls clientTls() {
        if (startTls && implicitTls) {
            throw new ConfigException(prefix + "tls", prefix + "starttls and " + prefix + "tls exclude each other");
        }
        ClientTls.Mode mode = implicitTls ? ClientTls.Mode.IMPLICIT : startTls ? ClientTls.Mode.STARTTLS : ClientTls.Mode.NONE;
        if (mode == ClientTls.Mode.NONE && (caFile.isPresent() || noVerifyHostname)) {
            throw new ConfigException(prefix + (caFile.isPresent() ? "cafile" : "no-verify-hostname"),
                    "needs " + prefix + "starttls or " + prefix + "tls");
        }
        return new ClientTls(mode, caFile, !noVerifyHostname, allowPlaintextLogin);
    }
}
