package dev.push3.passwords.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.testkit.RequiresProgram;
import dev.push3.testkit.IntegrationGate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs Dovecot's {@code doveadm pw} now, both ways: Push3 verifies what doveadm makes, and
 * doveadm verifies ({@code -t}) what Push3 makes. Keeps the committed vectors honest when
 * Dovecot changes.
 */
@RequiresProgram(value = "doveadm", hint = "apt-get install dovecot-core")
class DoveadmLiveTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#%&*+-./";

    /** Runs a program and returns its exit code and output. */
    record Run(int exitCode, String output) {
    }

    @BeforeEach
    void requireDoveadm() {
        IntegrationGate.requireProgram("doveadm", "apt-get install dovecot-core");
    }

    private static String randomPassword() {
        StringBuilder password = new StringBuilder("p");
        for (int i = 0; i < 15; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    private static Run run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("doveadm finished").isTrue();
        return new Run(process.exitValue(), output);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PLAIN", "SHA512-CRYPT", "SHA256-CRYPT", "BLF-CRYPT", "ARGON2ID", "ARGON2I",
        "SSHA256", "SSHA512", "PBKDF2", "SCRAM-SHA-256", "SCRAM-SHA-1", "MD5-CRYPT", "SHA", "SHA256", "SHA512", "SSHA",
        "SMD5", "PLAIN-MD5", "LDAP-MD5", "CRAM-MD5", "SHA512-CRYPT.B64", "ARGON2ID.HEX", "SSHA512.HEX", "PLAIN.B64"})
    void push3VerifiesWhatDoveadmMakesNow(String schemeName) throws Exception {
        String password = randomPassword();
        Run made = run("doveadm", "pw", "-s", schemeName, "-p", password);
        assertThat(made.exitCode()).as(made.output()).isZero();
        String prefix = "{" + schemeName + "}";
        assertThat(made.output()).startsWith(prefix);

        StoredPassword stored = SchemePrefix.named(schemeName).orElseThrow()
                .parse(made.output().substring(prefix.length()));

        assertThat(stored.matches(password.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(stored.matches((password + "x").getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PLAIN", "SHA512-CRYPT", "SHA256-CRYPT", "BLF-CRYPT", "ARGON2ID", "ARGON2I",
        "SSHA256", "SSHA512", "PBKDF2", "SCRAM-SHA-256", "SCRAM-SHA-1", "MD5-CRYPT", "SHA", "SHA256", "SHA512", "SSHA",
        "SMD5", "PLAIN-MD5", "LDAP-MD5", "CRAM-MD5"})
    void doveadmVerifiesWhatPush3Makes(String schemeName) throws Exception {
        String password = randomPassword();
        String hash = "{" + schemeName + "}" + Scheme.named(schemeName).orElseThrow().generate(password.toCharArray());

        Run right = run("doveadm", "pw", "-t", hash, "-p", password);
        Run wrong = run("doveadm", "pw", "-t", hash, "-p", password + "x");

        assertThat(right.exitCode()).as(right.output()).isZero();
        assertThat(right.output()).endsWith("(verified)");
        assertThat(wrong.exitCode()).as(wrong.output()).isNotZero();
    }
}
