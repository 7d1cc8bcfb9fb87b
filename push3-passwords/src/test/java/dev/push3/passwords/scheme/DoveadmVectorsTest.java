package dev.push3.passwords.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every hash that Dovecot's {@code doveadm pw} made in
 * {@code src/test/resources/doveadm/vectors.tsv} (see {@code make-vectors.sh} beside it).
 */
class DoveadmVectorsTest {

    /** One line of vectors.tsv. */
    record Vector(String scheme, String rounds, String password, String output) {
        @Override
        public String toString() {
            return scheme + (rounds.equals("-") ? "" : " -r " + rounds) + " -p '" + password + "'";
        }
    }

    static List<Vector> vectors() throws IOException {
        try (InputStream in = DoveadmVectorsTest.class.getResourceAsStream("/doveadm/vectors.tsv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("\t", -1))
                    .map(f -> new Vector(f[0], f[1], f[2], f[3]))
                    .toList();
        }
    }

    /** The schemes Dovecot 2.4 calls weak, as make-vectors.sh lists them. */
    private static final List<String> WEAK = List.of("MD5-CRYPT", "SHA", "SHA1", "SHA256", "SHA512", "SSHA", "SMD5",
            "PLAIN-MD5", "LDAP-MD5", "CRAM-MD5", "HMAC-MD5");

    private static StoredPassword parse(String output) throws MalformedHashException {
        int close = output.indexOf('}');
        SchemePrefix prefix = SchemePrefix.named(output.substring(1, close)).orElseThrow();
        return prefix.parse(output.substring(close + 1));
    }

    @ParameterizedTest(name = "doveadm pw -s {0}")
    @MethodSource("vectors")
    void verifiesWhatDoveadmMade(Vector vector) throws MalformedHashException {
        StoredPassword stored = parse(vector.output());

        assertThat(stored.matches(vector.password().getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(stored.matches(("!" + vector.password()).getBytes(StandardCharsets.UTF_8)))
                .as("a longer password").isFalse();
        // Shortened below bcrypt's 72-byte horizon, so that every scheme must tell it apart.
        String shorter = vector.password().substring(0, Math.min(vector.password().length() - 1, 60));
        assertThat(stored.matches(shorter.getBytes(StandardCharsets.UTF_8))).as("a shorter password").isFalse();
        assertThat(stored.matches("Secret".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(stored.weak()).as("weak").isEqualTo(WEAK.contains(vector.scheme().replaceAll("\\..*", "")));
    }

    @Test
    void bcryptIgnoresWhatFollowsTheFirst72BytesAsDovecotDoes() throws IOException, MalformedHashException {
        Vector longOne = vectors().stream()
                .filter(v -> v.scheme().equals("BLF-CRYPT") && v.password().length() > 72)
                .findFirst().orElseThrow();

        StoredPassword stored = parse(longOne.output());

        assertThat(stored.matches((longOne.password() + "tail").getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(stored.matches(longOne.password().substring(0, 71).getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void coversEverySchemeTheIssueNames() throws IOException {
        assertThat(vectors().stream().map(Vector::scheme).distinct()).contains(
                "PLAIN", "SHA512-CRYPT", "SHA256-CRYPT", "BLF-CRYPT", "ARGON2ID", "SSHA256", "SSHA512", "PBKDF2",
                "SCRAM-SHA-256", "SCRAM-SHA-1", "MD5-CRYPT", "SHA", "SHA1", "SSHA", "SHA256", "SHA512", "SMD5",
                "PLAIN-MD5", "LDAP-MD5", "CRAM-MD5", "SHA512-CRYPT.B64", "SHA512-CRYPT.BASE64", "SHA512-CRYPT.HEX");
        assertThat(vectors().stream().map(Vector::scheme).filter(s -> s.contains(".")).count())
                .as("every scheme with each suffix").isEqualTo(3L * 22);
    }

    @ParameterizedTest(name = "CRYPT reads {0}")
    @MethodSource("cryptVectors")
    void cryptReadsTheCryptFamilyWithoutPrefix(Vector vector) throws MalformedHashException {
        String secret = vector.output().substring(vector.output().indexOf('}') + 1);

        StoredPassword stored = Scheme.CRYPT.parse(secret);

        assertThat(stored.matches(vector.password().getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(stored.weak()).as("$1$ is weak").isEqualTo(secret.startsWith("$1$"));
    }

    static Stream<Vector> cryptVectors() throws IOException {
        return vectors().stream().filter(v -> v.scheme().matches("SHA512-CRYPT|SHA256-CRYPT|BLF-CRYPT|MD5-CRYPT"));
    }
}
