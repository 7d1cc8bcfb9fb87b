package dev.push3.auth.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.passwords.PasswordHasher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PasswordHasherTest {
    @TempDir
    Path dir;

    static Iterable<String> schemes() {
        return PasswordHasher.schemes();
    }

    private Authenticator authenticatorFor(String... lines) throws IOException {
        Path users = Files.write(dir.resolve("users"), java.util.List.of(lines));
        return new FileAuthenticatorProvider().create(PluginConfig.of(Map.of("auth.file.path", users.toString())));
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void aLineItMakesLogsIn(String scheme) throws IOException {
        String line = PasswordHasher.line("alice", scheme, "tr0ub4dor &3".toCharArray());

        try (Authenticator auth = authenticatorFor(line)) {
            assertThat(auth.authenticate(new Credentials("alice", "tr0ub4dor &3"))).isEqualTo(AuthOutcome.accepted("alice"));
            assertThat(auth.authenticate(new Credentials("alice", "tr0ub4dor"))).isEqualTo(AuthOutcome.rejected());
        }
    }

    @Test
    void defaultSchemeIsArgon2id() {
        assertThat(PasswordHasher.hash(PasswordHasher.DEFAULT_SCHEME, "pw".toCharArray()))
                .startsWith("{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$");
    }

    @Test
    void schemeNamesAreReadInAnyCase() {
        assertThat(PasswordHasher.line("bob", "blf-crypt", "pw".toCharArray())).startsWith("bob:{BLF-CRYPT}$2y$12$");
    }

    @Test
    void leavesThePasswordArrayAsItWas() {
        char[] password = "pw".toCharArray();

        PasswordHasher.hash("SSHA512", password);

        assertThat(password).containsExactly('p', 'w');
    }

    @Test
    void unknownSchemeListsTheKnownOnes() {
        assertThatThrownBy(() -> PasswordHasher.hash("MD5", "pw".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown password scheme 'MD5'; use one of " + String.join(", ", PasswordHasher.schemes())
                        + " (default ARGON2ID)");
    }

    @Test
    void refusesUserNamesThatWouldBreakTheLine() {
        for (String user : new String[] {"", "a:b", "a b", "a\tb"}) {
            assertThatThrownBy(() -> PasswordHasher.line(user, "PLAIN", "pw".toCharArray()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith("cannot be used: it must not be empty or contain ':', white space or control"
                            + " characters");
        }
    }

    @Test
    void refusesAPlainPasswordThatWouldBreakTheLineWithoutQuotingIt() {
        assertThatThrownBy(() -> PasswordHasher.hash("PLAIN", "se:cret".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a PLAIN password cannot contain ':' or a line break; choose a hashing scheme such as ARGON2ID");
        assertThat(PasswordHasher.hash("SHA512-CRYPT", "se:cret".toCharArray())).startsWith("{SHA512-CRYPT}$6$");
    }

    @Test
    void refusesAnEmptyPassword() {
        assertThatThrownBy(() -> PasswordHasher.hash("ARGON2ID", new char[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the password is empty");
    }
}
