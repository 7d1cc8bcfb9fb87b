package dev.push3.auth.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.auth.file.scheme.Scheme;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileReaderTest {
    @TempDir
    Path dir;

    private UsersFile read(String content) throws IOException {
        Path file = dir.resolve("users");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return UsersFileReader.read(file, Scheme.PLAIN);
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

        assertThat(file.users()).containsOnlyKeys("alice", "bob", "carol");
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

        assertThat(file.users()).containsOnlyKeys("alice", "bob");
        assertThat(matches(file, "alice", "secret")).isTrue();
        assertThat(file.problems()).extracting(LineProblem::toString).containsExactly(
                "line 2: no ':' after the user name (expected user:{SCHEME}secret)",
                "line 3: the user name is empty or contains white space",
                "line 4: user 'eve' has an empty password field and cannot log in",
                "line 5: '{' without '}' in the scheme prefix; user 'mallory' cannot log in",
                "line 6: user 'alice' appears again; the first line for it is used",
                "line 7: unknown password scheme {NOSUCH}; user 'trent' cannot log in (known: "
                        + String.join(", ", Scheme.names()) + ")");
    }

    @Test
    void problemsNeverQuoteTheSecret() throws IOException {
        UsersFile file = read("trent:{NOSUCH}topsecret\nno-colon-topsecret\n");

        assertThat(file.problems()).hasSize(2)
                .allSatisfy(problem -> assertThat(problem.problem()).doesNotContain("topsecret"));
    }
}
