package dev.push3.auth.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.passwords.scheme.Cost;
import dev.push3.passwords.scheme.Scheme;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decoy an unknown user is checked against: the file's dearest entry, whatever most lines use. */
class LoadedUsersTest {
    @TempDir
    Path dir;

    private UsersFile read(List<String> lines) throws IOException {
        Path file = Files.write(dir.resolve("users"), lines);
        return UsersFileReader.read(file, FileAuthSettings.DEFAULT_DEFAULT_SCHEME, false);
    }

    /**
     * With the commonest scheme as decoy, an unknown name would answer in microseconds here
     * and tell that a name which takes an Argon2 check is a user.
     */
    @Test
    void decoyIsTheOneArgon2idEntryAmongManyPlainOnes() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add("user" + i + ":{PLAIN}pw" + i);
        }
        lines.add(7, "boss:{ARGON2ID}" + Scheme.ARGON2ID.generate("b".toCharArray()));
        UsersFile file = read(lines);

        LoadedUsers loaded = LoadedUsers.of(file);

        assertThat(file.dearest().orElseThrow().user()).isEqualTo("boss");
        assertThat(loaded.decoy().cost().family()).isEqualTo(Cost.Family.ARGON2);
        assertThat(loaded.size()).isEqualTo(21);
    }

    @Test
    void ordersTheSchemesByCost() throws IOException {
        String sha = "{SHA512-CRYPT}" + Scheme.SHA512_CRYPT.generate("a".toCharArray());
        UsersFile file = read(List.of("alice:{PLAIN}a", "bob:" + sha,
                "carol:{BLF-CRYPT}" + Scheme.BLF_CRYPT.generate("c".toCharArray()), "dave:" + sha,
                "erin:{SSHA512}" + Scheme.SSHA512.generate("e".toCharArray()),
                "frank:{PBKDF2}" + Scheme.PBKDF2.generate("f".toCharArray())));

        assertThat(file.dearest().orElseThrow().user()).isEqualTo("carol");
        assertThat(List.of("alice", "erin", "bob", "frank", "carol").stream()
                .map(user -> file.find(user).orElseThrow().password().cost().family()))
                .containsExactly(Cost.Family.PLAIN, Cost.Family.SALTED_SHA, Cost.Family.SHA_CRYPT,
                        Cost.Family.PBKDF2, Cost.Family.BCRYPT);
    }

    @Test
    void withinASchemeTheHigherCostParameterWins() throws IOException {
        String cheap = Scheme.SHA512_CRYPT.generate("a".toCharArray());
        String dear = Sha2Crypt.sha512Crypt("b".getBytes(StandardCharsets.UTF_8), "$6$rounds=20000$saltsaltsalt");
        UsersFile file = read(List.of("alice:{SHA512-CRYPT}" + cheap, "bob:{SHA512-CRYPT}" + dear,
                "carol:{SHA512-CRYPT}" + cheap));

        assertThat(file.dearest().orElseThrow().user()).isEqualTo("bob");
        assertThat(file.find("bob").orElseThrow().password().cost()).isEqualTo(new Cost(Cost.Family.SHA_CRYPT, 20000));
        assertThat(file.find("alice").orElseThrow().password().cost()).isEqualTo(new Cost(Cost.Family.SHA_CRYPT, 5000));
    }

    /** A line without prefix is CRYPT: its cost is that of the hash it holds, here bcrypt over SHA-crypt. */
    @Test
    void aCryptLineCostsWhatItsHashIs() throws IOException {
        UsersFile file = read(List.of("alice:" + Scheme.SHA512_CRYPT.generate("a".toCharArray()),
                "bob:" + Scheme.BLF_CRYPT.generate("b".toCharArray())));

        assertThat(file.dearest().orElseThrow().user()).isEqualTo("bob");
    }

    @Test
    void onATieTheEarliestLineWins() throws IOException {
        UsersFile file = read(List.of("alice:{PLAIN}a", "bob:{PLAIN}b"));

        assertThat(file.dearest().orElseThrow().user()).isEqualTo("alice");
    }
}
