package dev.push3.auth.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.AuthenticatorProvider;
import dev.push3.api.auth.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuthenticatorProviderTest {
    @TempDir
    Path dir;

    private static AuthenticatorProvider provider() {
        return ServiceLoader.load(AuthenticatorProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("file"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no AuthenticatorProvider named file on the class path"));
    }

    private Authenticator create(String content) throws IOException {
        Path users = Files.writeString(dir.resolve("users"), content);
        return provider().create(PluginConfig.of(Map.of("auth.file.path", users.toString())));
    }

    @Test
    void isFoundByServiceLoaderUnderTheNameFile() {
        assertThat(provider()).isInstanceOf(FileAuthenticatorProvider.class);
    }

    @Test
    void acceptsTheRightPasswordAndRejectsWrongOnesAndUnknownUsers() throws IOException {
        try (Authenticator auth = create("alice:{PLAIN}secret\nbob:{PLAIN}pass word\n")) {
            assertThat(auth.authenticate(new Credentials("alice", "secret"))).isEqualTo(AuthOutcome.accepted("alice"));
            assertThat(auth.authenticate(new Credentials("bob", "pass word"))).isEqualTo(AuthOutcome.accepted("bob"));
            assertThat(auth.authenticate(new Credentials("alice", "wrong"))).isEqualTo(AuthOutcome.rejected());
            assertThat(auth.authenticate(new Credentials("alice", ""))).isEqualTo(AuthOutcome.rejected());
            assertThat(auth.authenticate(new Credentials("ALICE", "secret"))).isEqualTo(AuthOutcome.rejected());
            assertThat(auth.authenticate(new Credentials("nobody", "secret"))).isEqualTo(AuthOutcome.rejected());
        }
    }

    @Test
    void userOnAnUnusableLineCannotLogIn() throws IOException {
        try (Authenticator auth = create("alice:{PLAIN}secret\ntrent:{NOSUCH}secret\n")) {
            assertThat(auth.authenticate(new Credentials("trent", "secret"))).isEqualTo(AuthOutcome.rejected());
        }
    }

    @Test
    void missingFileStopsStartUpNamingTheKeyAndTheFile() {
        Path missing = dir.resolve("absent-users");
        var config = PluginConfig.of(Map.of("auth.file.path", missing.toString()));

        assertThatThrownBy(() -> provider().create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("auth.file.path: users file " + missing.toAbsolutePath()
                        + " does not exist; create it (see 'push3 passwd') or set auth.file.path");
    }

    @Test
    void fileWithoutAValidUserStopsStartUpListingTheSkippedLines() throws IOException {
        Path users = Files.writeString(dir.resolve("users"), "# nothing yet\nbroken line\n");
        var config = PluginConfig.of(Map.of("auth.file.path", users.toString()));

        assertThatThrownBy(() -> provider().create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("auth.file.path: users file " + users.toAbsolutePath()
                        + " has no valid user line (expected user:{SCHEME}secret, for example a line made by"
                        + " 'push3 passwd USER'); 1 line(s) skipped; line 2: no ':' after the user name"
                        + " (expected user:{SCHEME}secret)");
    }

    @Test
    void lineWithoutPrefixIsReadAsCryptByDefaultAsDovecotDoes() throws IOException {
        String sha512 = dev.push3.auth.file.scheme.Scheme.SHA512_CRYPT.generate("s3cret".toCharArray());
        try (Authenticator auth = create("alice:" + sha512 + "\n")) {
            assertThat(auth.authenticate(new Credentials("alice", "s3cret"))).isEqualTo(AuthOutcome.accepted("alice"));
            assertThat(auth.authenticate(new Credentials("alice", "s3cre"))).isEqualTo(AuthOutcome.rejected());
        }
    }

    @Test
    void defaultSchemeIsConfigurable() throws IOException {
        Path users = Files.writeString(dir.resolve("users"), "alice:s3cret\n");
        var config = PluginConfig.of(Map.of("auth.file.path", users.toString(), "auth.file.default-scheme", "plain"));

        try (Authenticator auth = provider().create(config)) {
            assertThat(auth.authenticate(new Credentials("alice", "s3cret"))).isEqualTo(AuthOutcome.accepted("alice"));
        }
    }

    @Test
    void maxParallelHashesMustBePositive() throws IOException {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}a\n");
        var config = PluginConfig.of(Map.of("auth.file.path", users.toString(), "auth.file.max-parallel-hashes", "0"));

        assertThatThrownBy(() -> provider().create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("auth.file.max-parallel-hashes: must be between 1 and 4096, was 0");
    }

    @Test
    void unknownDefaultSchemeStopsStartUpNamingTheKey() throws IOException {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}secret\n");
        var config = PluginConfig.of(Map.of("auth.file.path", users.toString(),
                "auth.file.default-scheme", "ROT13"));

        assertThatThrownBy(() -> provider().create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("auth.file.default-scheme: unknown password scheme 'ROT13'; use one of ");
    }
}
