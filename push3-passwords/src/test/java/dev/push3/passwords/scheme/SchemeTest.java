package dev.push3.passwords.scheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SchemeTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Scheme.class)
    void generatedSecretVerifiesTheSamePasswordOnly(Scheme scheme) throws MalformedHashException {
        String secret = scheme.generate("correct horse €".toCharArray());
        StoredPassword stored = scheme.parse(secret);

        assertThat(stored.matches(utf8("correct horse €"))).isTrue();
        assertThat(stored.matches(utf8("correct horse"))).isFalse();
        assertThat(stored.matches(utf8(""))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Scheme.class, mode = EnumSource.Mode.EXCLUDE,
            names = {"PLAIN", "SHA", "SHA256", "SHA512", "PLAIN_MD5", "LDAP_MD5", "CRAM_MD5"})
    void twoHashesOfOnePasswordDifferBySalt(Scheme scheme) {
        assertThat(scheme.generate("pw".toCharArray())).isNotEqualTo(scheme.generate("pw".toCharArray()));
    }

    @Test
    void newHashesHaveTheFormsDovecotWrites() {
        assertThat(Scheme.SHA512_CRYPT.generate("pw".toCharArray())).matches("\\$6\\$[./0-9A-Za-z]{16}\\$.{86}");
        assertThat(Scheme.SHA256_CRYPT.generate("pw".toCharArray())).matches("\\$5\\$[./0-9A-Za-z]{16}\\$.{43}");
        assertThat(Scheme.BLF_CRYPT.generate("pw".toCharArray())).matches("\\$2y\\$12\\$.{53}");
        assertThat(Scheme.ARGON2ID.generate("pw".toCharArray()))
                .matches("\\$argon2id\\$v=19\\$m=65536,t=3,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(Scheme.PBKDF2.generate("pw".toCharArray())).matches("\\$1\\$[./0-9A-Za-z]{16}\\$5000\\$[0-9a-f]{40}");
        assertThat(Scheme.CRYPT.generate("pw".toCharArray())).startsWith("$6$");
    }

    @Test
    void namesAreMatchedWithoutCaseAndWithDovecotAliases() {
        assertThat(Scheme.named("sha512-crypt")).contains(Scheme.SHA512_CRYPT);
        assertThat(Scheme.named("Blf-Crypt")).contains(Scheme.BLF_CRYPT);
        assertThat(Scheme.named("CLEAR")).contains(Scheme.PLAIN);
        assertThat(Scheme.named("SHA1")).contains(Scheme.SHA);
        assertThat(Scheme.named("hmac-md5")).contains(Scheme.CRAM_MD5);
        assertThat(Scheme.named("MD5")).isEmpty();
    }

    @Test
    void prefixesReadDovecotsEncodingSuffixesInAnyCase() {
        assertThat(SchemePrefix.named("sha512-crypt.b64")).contains(
                new SchemePrefix(Scheme.SHA512_CRYPT, java.util.Optional.of(Encoding.BASE64)));
        assertThat(SchemePrefix.named("PLAIN.BASE64").orElseThrow().suffix()).contains(Encoding.BASE64);
        assertThat(SchemePrefix.named("CRAM-MD5.HEX").orElseThrow().suffix()).contains(Encoding.HEX);
        assertThat(SchemePrefix.named("SHA512-CRYPT").orElseThrow().suffix()).isEmpty();
        assertThat(SchemePrefix.named("SHA512-CRYPT.ROT13")).isEmpty();
        assertThat(SchemePrefix.named("NOSUCH.B64")).isEmpty();
    }

    @Test
    void aSuffixedSecretInTheWrongEncodingIsRefusedWithoutQuotingIt() {
        SchemePrefix b64 = SchemePrefix.named("SHA512-CRYPT.B64").orElseThrow();

        assertThatThrownBy(() -> b64.parse("secret-not-base64"))
                .isInstanceOf(MalformedHashException.class)
                .hasMessage("not valid base64 (with padding), as the .BASE64 suffix requires");
    }

    @Test
    void weakSchemesAreMarkedAndNeverTheDefault() {
        assertThat(java.util.Arrays.stream(Scheme.values()).filter(Scheme::weak).map(Scheme::dovecotName))
                .containsExactlyInAnyOrder("MD5-CRYPT", "SHA", "SHA256", "SHA512", "SSHA", "SMD5", "PLAIN-MD5",
                        "LDAP-MD5", "CRAM-MD5");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SHA512_CRYPT | $6$salt$tooshort | expected $6$[rounds=N$]salt$hash",
        "SHA512_CRYPT | $5$abcdefgh$2ScSU3yWFADQGd7iSqYBUZpxV2SicpBqFp/gbXLXbA9 | expected $6$[rounds=N$]salt$hash",
        "SHA256_CRYPT | 2ScSU3yWFADQGd7iSqYBUZpxV2SicpBqFp/gbXLXbA9 | expected $5$[rounds=N$]salt$hash",
        "BLF_CRYPT | $2y$05$short | expected $2y$NN$ followed by 53 characters of salt and hash",
        "BLF_CRYPT | $2y$99$mVTtmTnR0.Ggv/b4ZzlPeeF/1NLAnH0S4kIN07ak7Lt8fUigzzj5y | bcrypt cost must be between 04 and 31",
        "ARGON2ID | $argon2i$v=19$m=65536,t=3,p=1$2p/tDYhSe0Ja9xMWRyPXtg$fRDWmvnk0bL1O769F4c1EjVNci5z72RJ3hoDBdgjJ+I"
                + " | expected $argon2id$v=19$m=KIB,t=PASSES,p=LANES$salt$hash",
        "ARGON2ID | $argon2id$v=19$m=9999999,t=3,p=1$2p/tDYhSe0Ja9xMWRyPXtg$fRDWmvnk0bL1O769F4c1EjVNci5z72RJ3hoDBdgjJ+I"
                + " | Argon2 parameters out of range (need p >= 1, 8*p <= m <= 4194304, t >= 1)",
        "SSHA256 | not*base64 | expected base64 of the SHA-256 digest followed by the salt",
        "SSHA256 | c2hvcnQ= | too short: expected base64 of the 32-byte digest followed by at least one byte of salt",
        "PBKDF2 | $1$salt$5000$abc | expected $1$salt$rounds$ followed by 40 hex digits",
        "CRYPT | abJnggxhB/yWI | only $6$ (SHA-512), $5$ (SHA-256), $2y$/$2b$/$2a$ (bcrypt) and $1$ (MD5)"
                + " crypt hashes are supported; DES crypt is not",
        "MD5_CRYPT | $1$abcdefghi$abcdefghijklmnopqrstuv | expected $1$salt$hash with up to 8 characters of salt",
        "SHA | 5en6G6MezRroT3XKqkdPOmY/BfQ | expected the 20-byte SHA-1 digest in base64 or hex"
                + " (not valid base64 (with padding))",
        "PLAIN_MD5 | c2hvcnQ= | expected the 16-byte MD5 digest in base64 or hex (decodes to 5 bytes instead of 16)",
        "SCRAM_SHA_1 | 4095,abc=,IoILGwhrTpb5FlJiBbU1E8u+0Ng=,nMWNUafFz9SFx4LN1z1eGBBNNIs="
                + " | SCRAM iterations must be between 4096 and 2147483647",
        "SCRAM_SHA_256 | 4096,abc=,IoILGwhrTpb5FlJiBbU1E8u+0Ng=,nMWNUafFz9SFx4LN1z1eGBBNNIs="
                + " | decodes to 20 bytes instead of 32",
    })
    void malformedSecretIsRefusedSayingWhatFormIsExpected(Scheme scheme, String secret, String message) {
        assertThatThrownBy(() -> scheme.parse(secret))
                .isInstanceOf(MalformedHashException.class)
                .hasMessage(message);
    }
}
