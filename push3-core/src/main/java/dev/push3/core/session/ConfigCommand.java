package dev.push3.core.session;

import dev.push3.api.ConfigException;
import dev.push3.core.audit.Audit;
import dev.push3.core.protocol.Request;
import dev.push3.core.settings.PercentEncoding;
import dev.push3.core.settings.SettingsRegistry;
import dev.push3.core.wire.Reply;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code CONFIG}, {@code CONFIG key} and {@code CONFIG key value} for a session
 * already allowed to use it: lists, reads or changes the live settings. Values in replies
 * are percent-encoded ({@link PercentEncoding}), secrets shown as {@code ***}. Every change,
 * and every change refused, goes to the audit trail; reads do not.
 *
 * @param registry the live settings
 * @param audit the audit trail
 * @param peer the session that sent the command, for the audit trail
 */
record ConfigCommand(SettingsRegistry registry, Audit audit, Audit.Peer peer) {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigCommand.class);

    /**
     * Why a session may not use CONFIG at all.
     *
     * @param outcome the audit trail's word: {@code needs-tls} or {@code not-admin}
     * @param text the FAIL text
     */
    record Refusal(String outcome, String text) {
    }

    /**
     * Tells why a logged-in session may not use CONFIG: in clear text from another host than
     * this one (the TLS rule of LOGIN: the configuration names hosts and files, and a change
     * must not travel in clear text), or a user not named in {@code auth.admins}. Reading is
     * as restricted as writing.
     *
     * @param tls whether the session is under TLS
     * @param remote the client's address
     * @param user the user logged in
     * @param admins {@code auth.admins}
     * @return the refusal; empty when CONFIG is allowed
     */
    static Optional<Refusal> refusal(boolean tls, InetAddress remote, Optional<String> user, Set<String> admins) {
        if (!tls && !remote.isLoopbackAddress()) {
            return Optional.of(new Refusal("needs-tls", "CONFIG needs TLS from another host, send STLS before LOGIN"));
        }
        if (user.isEmpty() || !admins.contains(user.get())) {
            return Optional.of(new Refusal("not-admin", "CONFIG needs an administrator"));
        }
        return Optional.empty();
    }

    /**
     * Refuses a session that may not use CONFIG, in the audit trail and in its reply.
     *
     * @param refusal why
     * @param request what it asked
     * @return the FAIL
     */
    Reply.Fail refuse(Refusal refusal, Request.Config request) {
        audit.recordConfigRefusal(peer, refusal.outcome(), request.key());
        return new Reply.Fail(refusal.text());
    }

    Reply answer(Request.Config request) {
        if (request.key().isEmpty()) {
            return new Reply.Success(registry.shown().entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + PercentEncoding.encode(entry.getValue()))
                    .collect(Collectors.joining(" ")));
        }
        String key = request.key().get();
        if (request.value().isEmpty()) {
            String value = registry.shown().get(key);
            return value == null ? unknown(key, registry.nearest(key)) : new Reply.Success(key + "=" + PercentEncoding.encode(value));
        }
        Optional<String> value = PercentEncoding.decode(request.value().get());
        if (value.isEmpty()) {
            return refused("invalid", key, new Reply.Fail(key + ": the value is not percent-encoded UTF-8 (write space %20, % %25, = %3D)"));
        }
        return switch (registry.set(key, value.get())) {
            case SettingsRegistry.Outcome.Changed changed -> changed(changed.change(), changed.notSaved());
            case SettingsRegistry.Outcome.Unknown unknown -> refused("unknown-key", key, unknown(key, unknown.nearest()));
            case SettingsRegistry.Outcome.NeedsRestart restart -> refused("needs-restart", key, new Reply.Fail(key + " needs a restart"));
            case SettingsRegistry.Outcome.Invalid invalid -> refused("invalid", key, invalid(key, value.get(), invalid.error()));
        };
    }

    private Reply refused(String outcome, String key, Reply reply) {
        audit.recordConfigRefusal(peer, outcome, Optional.of(key));
        return reply;
    }

    /**
     * The FAIL for a refused value: every refusal of CONFIG goes out here. A parser's message
     * may quote what it read from a file, and a client must never learn a file's content
     * through CONFIG: when the value names a file the server can read, or the fault lies in
     * another key (whose file the check read), the reply says only that the file was refused
     * and the server log gets the message. That a file does not exist or cannot be read may
     * be told: it discloses no content.
     */
    private static Reply invalid(String key, String value, ConfigException error) {
        String message = printable(error.getMessage());
        if (!error.key().equals(key) || readableFile(value)) {
            LOG.warn("CONFIG refused {}: {}", key, message);
            return new Reply.Fail(key + ": the file " + printable(value)
                    + " cannot be used; the reason is in the server log");
        }
        return new Reply.Fail(message);
    }

    private static boolean readableFile(String value) {
        try {
            Path path = Path.of(value);
            return Files.isRegularFile(path) && Files.isReadable(path);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The message may quote the value, which may hold any decoded octet: one printable line. */
    private static String printable(String text) {
        return text.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private Reply changed(SettingsRegistry.Change change, Optional<String> notSaved) {
        LOG.info("CONFIG changed {} from {} to {}", change.key(), change.shownOld(), change.shownNew());
        audit.recordChange(Optional.of(peer), "changed", change.key(), change.shownOld(), change.shownNew());
        String shown = change.key() + "=" + PercentEncoding.encode(change.shownNew());
        return new Reply.Success(notSaved.isEmpty()
                ? shown + " (was " + (change.shownOld().isEmpty() ? "not set" : PercentEncoding.encode(change.shownOld())) + ")"
                : shown + " (not saved: " + notSaved.get() + ")");
    }

    private static Reply unknown(String key, Optional<String> nearest) {
        return new Reply.Fail("unknown key " + key + nearest.map(known -> "; did you mean " + known + "?").orElse(""));
    }
}
