package dev.push3.auth.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.passwords.PasswordHasher;
import dev.push3.passwords.scheme.Scheme;
import dev.push3.testkit.RequiresDocker;
import dev.push3.testkit.dovecot.DovecotOptions;
import dev.push3.testkit.dovecot.DovecotServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One users file, two readers: the real Dovecot POP3 server (in a container, passwd-file
 * passdb with its default scheme) and Push3's file authenticator must agree on every line.
 * The file holds a line made by {@code push3 passwd} for every scheme, a bare
 * {@code $6$} line without prefix, a {@code {SHA512-CRYPT.B64}} line, and a line for every
 * weak scheme (Push3 with {@code auth.file.allow-weak-schemes=true}; Dovecot 2.3 reads them).
 */
@RequiresDocker
class DovecotSharesTheUsersFileTest {
    @TempDir
    static Path dir;
    private static DovecotServer dovecot;
    private static Authenticator push3;
    /** User name to password, in file order. */
    private static final Map<String, String> USERS = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String scheme : PasswordHasher.schemes()) {
            String user = "u-" + scheme.toLowerCase(Locale.ROOT);
            String password = "pw " + scheme;
            USERS.put(user, password);
            lines.add(PasswordHasher.line(user, scheme, password.toCharArray()));
        }
        USERS.put("bare", "bare pw");
        lines.add("bare:" + Scheme.SHA512_CRYPT.generate("bare pw".toCharArray()));
        // Dovecot's encoding suffixes, and the weak schemes of old installations (read with allow-weak-schemes).
        String crypt = Scheme.SHA512_CRYPT.generate("b64 pw".toCharArray());
        USERS.put("b64", "b64 pw");
        lines.add("b64:{SHA512-CRYPT.B64}" + java.util.Base64.getEncoder().encodeToString(
                crypt.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        for (Scheme weak : Scheme.values()) {
            if (weak.weak()) {
                String user = "w-" + weak.dovecotName().toLowerCase(Locale.ROOT);
                USERS.put(user, "pw " + user);
                lines.add(user + ":{" + weak.dovecotName() + "}" + weak.generate(("pw " + user).toCharArray()));
            }
        }
        String file = String.join("\n", lines) + "\n";

        // Dovecot reads a line without a {SCHEME} prefix as CRYPT, its default, as Push3 does.
        dovecot = DovecotServer.start(DovecotOptions.usersFile(file));
        Path users = Files.writeString(dir.resolve("users"), file);
        push3 = new FileAuthenticatorProvider().create(PluginConfig.of(Map.of("auth.file.path", users.toString(),
                "auth.file.allow-weak-schemes", "true")));
    }

    @AfterAll
    static void stop() {
        if (dovecot != null) {
            dovecot.close();
        }
        if (push3 != null) {
            push3.close();
        }
    }

    @Test
    void dovecotAndPush3AcceptTheSamePasswords() throws IOException {
        for (Map.Entry<String, String> user : USERS.entrySet()) {
            assertThat(dovecot.pop3Login(user.getKey(), user.getValue())).as("Dovecot, " + user.getKey()).isTrue();
            assertThat(push3.authenticate(new Credentials(user.getKey(), user.getValue())))
                    .as("Push3, " + user.getKey()).isEqualTo(AuthOutcome.accepted(user.getKey()));
        }
    }

    @Test
    void dovecotAndPush3RejectTheSameWrongPasswords() throws IOException {
        for (String user : USERS.keySet()) {
            assertThat(dovecot.pop3Login(user, "wrong")).as("Dovecot, " + user).isFalse();
            assertThat(push3.authenticate(new Credentials(user, "wrong"))).as("Push3, " + user)
                    .isEqualTo(AuthOutcome.rejected());
        }
    }
}
