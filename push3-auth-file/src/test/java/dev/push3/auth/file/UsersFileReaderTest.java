package dev.push3.auth.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.passwords.scheme.Scheme;
import dev.push3.passwords.scheme.SchemePrefix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileReaderTest {
    @TempDir
    Path dir;

    private UsersFile read(String content) throws IOException {
        Path file = dir.resolve("users");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return UsersFileReader.read(file, new SchemePrefix(Scheme.PLAIN, Optional.empty()), false);
    }

    private static void assertUsers(UsersFile file, String... users) {
        assertThat(file.size()).isEqualTo(users.length);
        for (String user : users) {
            assertThat(file.find(user)).as(user).isPresent();
        }
    }

    private static boolean matches(UsersFile file, String user, String password) {
        return file.find(user).orElseThrow().password().matches(password.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsUsersSkippingCommentsBlankLinesAndFurtherFields() throws IOException {
        UsersFile file = read("""
                # Push3 users
                alice:{PLAIN}secret

                   # indented comment
                bob:{plain}hunter 2:1000:1000::/home/bob::userdb_quota_rule=*:storage=1G
                carol:{CLEARTEXT}c
                """);

        assertUsers(file, "alice", "bob", "carol");
        assertThat(file.problems()).isEmpty();
        assertThat(matches(file, "alice", "secret")).isTrue();
        assertThat(matches(file, "alice", "Secret")).isFalse();
        assertThat(matches(file, "bob", "hunter 2")).isTrue();
        assertThat(file.find("bob").orElseThrow().line()).isEqualTo(5);
    }

    @Test
    void lineWithoutPrefixUsesTheDefaultScheme() throws IOException {
        UsersFile file = read("dave:plainpass\n");

        assertThat(file.find("dave").orElseThrow().scheme()).isEqualTo(Scheme.PLAIN);
        assertThat(matches(file, "dave", "plainpass")).isTrue();
    }

    @Test
    void readsCrlfLineEnds() throws IOException {
        UsersFile file = read("alice:{PLAIN}secret\r\nbob:{PLAIN}pw\r\n");

        assertThat(matches(file, "alice", "secret")).isTrue();
        assertThat(matches(file, "bob", "pw")).isTrue();
    }

    @Test
    void reportsEachMalformedLineWithItsNumberAndKeepsTheRest() throws IOException {
        UsersFile file = read("""
                alice:{PLAIN}secret
                no colon here
                :{PLAIN}nouser
                eve:
                mallory:{PLAIN
                alice:{PLAIN}second
                trent:{NOSUCH}x
                bob:{PLAIN}pw
                """);

        assertUsers(file, "alice", "bob");
        assertThat(matches(file, "alice", "secret")).isTrue();
        assertThat(file.problems()).extracting(LineProblem::toString).containsExactly(
                "line 2: no ':' after the user name (expected user:{SCHEME}secret)",
                "line 3: the user name is empty or contains white space",
                "line 4: user 'eve' has an empty password field and cannot log in",
                "line 5: '{' without '}' in the scheme prefix; user 'mallory' cannot log in",
                "line 6: user 'alice' appears again; the first line for it is used",
                "line 7: unknown password scheme {NOSUCH}; user 'trent' cannot log in (known: "
                        + String.join(", ", Scheme.names()) + ", each optionally with .B64, .BASE64 or .HEX)");
        assertThat(file.skipped()).isEqualTo(6);
    }

    /** The whole kind: an empty secret after any scheme prefix, the default scheme's included. */
    @Test
    void anEmptySecretAfterAnySchemePrefixIsReportedAndTheUserCannotLogIn() throws IOException {
        UsersFile file = read("""
                alice:{PLAIN}
                bob:{PLAIN}pw
                carol:{PLAIN.B64}:1000:1000
                dave:{SHA512-CRYPT}
                erin:{CLEARTEXT}
                """);

        assertUsers(file, "bob");
        assertThat(file.problems()).extracting(LineProblem::toString).containsExactly(
                "line 1: user 'alice' has an empty {PLAIN} password and cannot log in",
                "line 3: user 'carol' has an empty {PLAIN.BASE64} password and cannot log in",
                "line 4: user 'dave' has an empty {SHA512-CRYPT} password and cannot log in",
                "line 5: user 'erin' has an empty {PLAIN} password and cannot log in");
    }

    @Test
    void problemsNeverQuoteTheSecret() throws IOException {
        UsersFile file = read("trent:{NOSUCH}topsecret\nno-colon-topsecret\n");

        assertThat(file.problems()).hasSize(2)
                .allSatisfy(problem -> assertThat(problem.problem()).doesNotContain("topsecret"));
    }

    /** PostfixAdmin's sha512.b64 storage writes {SHA512-CRYPT.B64}; Dovecot reads a suffix after any scheme. */
    @Test
    void readsEncodingSuffixesAfterAnySchemeAsDovecotDoes() throws IOException {
        String crypt = Scheme.SHA512_CRYPT.generate("pw1".toCharArray());
        String b64 = java.util.Base64.getEncoder().encodeToString(crypt.getBytes(StandardCharsets.US_ASCII));
        String hex = java.util.HexFormat.of().formatHex(crypt.getBytes(StandardCharsets.US_ASCII));
        UsersFile file = read("alice:{SHA512-CRYPT.B64}" + b64 + "\n"
                + "bob:{sha512-crypt.hex}" + hex + "\n"
                + "carol:{PLAIN.BASE64}" + java.util.Base64.getEncoder().encodeToString("pw3".getBytes(StandardCharsets.UTF_8))
                + "\n"
                + "dave:{SHA512-CRYPT.B64}" + crypt + "\n");

        assertUsers(file, "alice", "bob", "carol");
        assertThat(matches(file, "alice", "pw1")).isTrue();
        assertThat(matches(file, "bob", "pw1")).isTrue();
        assertThat(matches(file, "carol", "pw3")).isTrue();
        assertThat(file.problems()).extracting(LineProblem::toString).containsExactly(
                "line 4: malformed {SHA512-CRYPT.BASE64} password: not valid base64 (with padding), as the .BASE64"
                        + " suffix requires; user 'dave' cannot log in");
    }

    @Test
    void weakSchemesAreRefusedUnlessAllowedAndCountedWhenAllowed() throws IOException {
        String lines = "alice:{MD5-CRYPT}" + Scheme.MD5_CRYPT.generate("a".toCharArray()) + "\n"
                + "bob:" + Scheme.MD5_CRYPT.generate("b".toCharArray()) + "\n"
                + "carol:{SHA}" + Scheme.SHA.generate("c".toCharArray()) + "\n"
                + "dave:{SSHA512}" + Scheme.SSHA512.generate("d".toCharArray()) + "\n";
        Path path = Files.writeString(dir.resolve("weak"), lines);
        SchemePrefix crypt = FileAuthSettings.DEFAULT_DEFAULT_SCHEME;

        UsersFile refused = UsersFileReader.read(path, crypt, false);
        UsersFile allowed = UsersFileReader.read(path, crypt, true);

        assertUsers(refused, "dave");
        assertThat(refused.problems()).extracting(LineProblem::toString).containsExactly(
                "line 1: user 'alice' has a hash of a weak kind ({MD5-CRYPT}) and cannot log in; rehash the password"
                        + " (push3 passwd), or set auth.file.allow-weak-schemes=true as Dovecot 2.4's"
                        + " auth_allow_weak_schemes",
                "line 2: user 'bob' has a hash of a weak kind ({CRYPT}) and cannot log in; rehash the password"
                        + " (push3 passwd), or set auth.file.allow-weak-schemes=true as Dovecot 2.4's"
                        + " auth_allow_weak_schemes",
                "line 3: user 'carol' has a hash of a weak kind ({SHA}) and cannot log in; rehash the password"
                        + " (push3 passwd), or set auth.file.allow-weak-schemes=true as Dovecot 2.4's"
                        + " auth_allow_weak_schemes");
        assertThat(refused.weakUsers()).isEmpty();
        assertUsers(allowed, "alice", "bob", "carol", "dave");
        assertThat(matches(allowed, "bob", "b")).isTrue();
        assertThat(allowed.weakUsers()).containsExactly(java.util.Map.entry("CRYPT", 1),
                java.util.Map.entry("MD5-CRYPT", 1), java.util.Map.entry("SHA", 1));
        assertThat(allowed.weakCount()).isEqualTo(3);
    }

    /** A million bad lines must not become a million kept problems (nor a million log lines). */
    @Test
    void keepsTheFirstProblemsAndCountsTheRest() throws IOException {
        StringBuilder content = new StringBuilder("alice:{PLAIN}a\n");
        for (int i = 0; i < 5_000; i++) {
            content.append("bad line ").append(i).append('\n');
        }
        UsersFile file = read(content.toString());

        assertThat(file.problems()).hasSize(UsersFile.REPORTED_PROBLEMS);
        assertThat(file.problems().getFirst().line()).isEqualTo(2);
        assertThat(file.skipped()).isEqualTo(5_000);
    }

    @Test
    void aMalformedFirstLineStillClaimsTheName() throws IOException {
        UsersFile file = read("alice:{SHA512-CRYPT}nonsense\nalice:{PLAIN}second\n");

        assertThat(file.find("alice")).isEmpty();
        assertThat(file.problems()).extracting(LineProblem::toString).last()
                .isEqualTo("line 2: user 'alice' appears again; the first line for it is used");
    }

    @Test
    void findsEveryOneOfManyUsersAndNoOther() throws IOException {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            content.append("user").append(i).append(":{PLAIN}pw").append(i).append('\n');
        }
        UsersFile file = read(content.toString());

        assertThat(file.size()).isEqualTo(20_000);
        for (int i = 0; i < 20_000; i += 997) {
            UserEntry entry = file.find("user" + i).orElseThrow();
            assertThat(entry.line()).isEqualTo(i + 1);
            assertThat(matches(file, "user" + i, "pw" + i)).isTrue();
        }
        assertThat(file.find("user20000")).isEmpty();
        assertThat(file.find("user")).isEmpty();
    }
}
