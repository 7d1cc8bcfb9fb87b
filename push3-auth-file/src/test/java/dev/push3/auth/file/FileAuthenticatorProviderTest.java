package dev.push3.auth.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.push3.api.ConfigException;
import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.AuthenticatorProvider;
import dev.push3.api.auth.Credentials;
import dev.push3.testkit.CapturedLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** An empty secret is not loaded silently: one WARN names the file and the line, not the line's text. */
    @Test
    void anEmptyPlainSecretIsWarnedWithFileAndLineAndThatUserCannotLogIn() throws IOException {
        Path users = dir.resolve("users-with-empty");
        Files.writeString(users, "bob:{PLAIN}topsecret\nalice:{PLAIN}\n");
        try (CapturedLog log = CapturedLog.start();
             Authenticator auth = provider().create(PluginConfig.of(Map.of("auth.file.path", users.toString())))) {
            assertThat(log.linesContaining(" WARN ")).singleElement().asString()
                    .endsWith("Users file " + users + ": line 2: user 'alice' has an empty {PLAIN} password and cannot log in")
                    .doesNotContain("topsecret");
            assertThat(auth.authenticate(new Credentials("alice", "x")))
                    .isInstanceOf(AuthOutcome.Rejected.class);
            assertThat(auth.authenticate(new Credentials("bob", "topsecret")))
                    .isInstanceOf(AuthOutcome.Accepted.class);
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
        String sha512 = dev.push3.passwords.scheme.Scheme.SHA512_CRYPT.generate("s3cret".toCharArray());
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

    @Test
    void maxHashMemoryMustBeASizeOfAtLeastOneMebibyte() throws IOException {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}a\n");

        for (String bad : new String[] {"lots", "512k", "-1m"}) {
            var config = PluginConfig.of(Map.of("auth.file.path", users.toString(), "auth.file.max-hash-memory", bad));
            assertThatThrownBy(() -> provider().create(config)).as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("auth.file.max-hash-memory: must be ");
        }
        assertThat(FileAuthSettings.from(PluginConfig.of(Map.of("auth.file.max-hash-memory", "64MiB")))
                .maxHashMemory()).isEqualTo(64L << 20);
        assertThat(FileAuthSettings.from(PluginConfig.of(Map.of("auth.file.max-hash-memory", "1g")))
                .maxHashMemory()).isEqualTo(1L << 30);
        assertThat(FileAuthSettings.from(PluginConfig.empty()).maxHashMemory())
                .isEqualTo(Runtime.getRuntime().maxMemory() / 2);
    }

    @Test
    void allowWeakSchemesMustBeABoolean() throws IOException {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}a\n");
        var config = PluginConfig.of(Map.of("auth.file.path", users.toString(), "auth.file.allow-weak-schemes", "yes"));

        assertThatThrownBy(() -> provider().create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("auth.file.allow-weak-schemes: ");
    }

    @Test
    void defaultSchemeMayCarryAnEncodingSuffix() throws IOException {
        String b64 = java.util.Base64.getEncoder().encodeToString(
                dev.push3.passwords.scheme.Scheme.SHA512_CRYPT.generate("s3cret".toCharArray())
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path users = Files.writeString(dir.resolve("users"), "alice:" + b64 + "\n");
        var config = PluginConfig.of(Map.of("auth.file.path", users.toString(),
                "auth.file.default-scheme", "sha512-crypt.b64"));

        try (Authenticator auth = provider().create(config)) {
            assertThat(auth.authenticate(new Credentials("alice", "s3cret"))).isEqualTo(AuthOutcome.accepted("alice"));
        }
    }

    @Test
    void weakUsersLogInOnlyWhenAllowedAndAreCountedInOneWarning() throws IOException {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}a\n"
                + "bob:{MD5-CRYPT}" + dev.push3.passwords.scheme.Scheme.MD5_CRYPT.generate("b".toCharArray()) + "\n"
                + "carol:{PLAIN-MD5}" + dev.push3.passwords.scheme.Scheme.PLAIN_MD5.generate("c".toCharArray()) + "\n");

        try (Authenticator refusing = provider().create(PluginConfig.of(Map.of("auth.file.path", users.toString())))) {
            assertThat(refusing.authenticate(new Credentials("bob", "b"))).isEqualTo(AuthOutcome.rejected());
            assertThat(refusing.authenticate(new Credentials("alice", "a"))).isEqualTo(AuthOutcome.accepted("alice"));
        }
        String log = stderrOf(() -> {
            try (Authenticator allowing = provider().create(PluginConfig.of(Map.of("auth.file.path", users.toString(),
                    "auth.file.allow-weak-schemes", "true")))) {
                assertThat(allowing.authenticate(new Credentials("bob", "b"))).isEqualTo(AuthOutcome.accepted("bob"));
                assertThat(allowing.authenticate(new Credentials("carol", "c"))).isEqualTo(AuthOutcome.accepted("carol"));
            }
        });
        assertThat(log.lines().filter(line -> line.contains(" WARN "))).singleElement().asString()
                .endsWith("2 user(s) have hashes of weak kinds (MD5-CRYPT: 1, PLAIN-MD5: 1), accepted because"
                        + " auth.file.allow-weak-schemes=true; rehash their passwords (push3 passwd) and turn it off");
    }

    /** A file of many bad lines logs the first ten and one summary, not a warning per line. */
    @Test
    void manyBadLinesLogTheFirstTenAndACount() throws IOException {
        StringBuilder content = new StringBuilder("alice:{PLAIN}a\n");
        for (int i = 0; i < 100_000; i++) {
            content.append("bad").append(i).append('\n');
        }
        Path users = Files.writeString(dir.resolve("users"), content);

        String log = stderrOf(() -> provider().create(PluginConfig.of(Map.of("auth.file.path", users.toString())))
                .close());

        List<String> warnings = log.lines().filter(line -> line.contains(" WARN ")).toList();
        assertThat(warnings).hasSize(11);
        assertThat(warnings.getLast()).endsWith("99990 more line(s) skipped, not listed (the first 10 are above)");
    }

    @Test
    void aFileWithOnlyBadLinesStopsStartUpListingTheFirstTenAndACount() throws IOException {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            content.append("bad").append(i).append('\n');
        }
        Path users = Files.writeString(dir.resolve("users"), content);
        var config = PluginConfig.of(Map.of("auth.file.path", users.toString()));

        assertThatThrownBy(() -> provider().create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("; 25 line(s) skipped; line 1: ")
                .hasMessageEndingWith("; line 10: no ':' after the user name (expected user:{SCHEME}secret); and 15 more");
    }

    /** slf4j-simple writes to System.err as it is at each call. */
    private static String stderrOf(Runnable action) {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
