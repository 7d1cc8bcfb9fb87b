package dev.push3.auth.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.auth.file.scheme.Scheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadedUsersTest {
    @TempDir
    Path dir;

    private UsersFile read(String... lines) throws IOException {
        Path file = Files.write(dir.resolve("users"), java.util.List.of(lines));
        return UsersFileReader.read(file, Scheme.CRYPT);
    }

    @Test
    void decoyIsTheFirstEntryOfTheCommonestScheme() throws IOException {
        String sha = "{SHA512-CRYPT}" + Scheme.SHA512_CRYPT.generate("a".toCharArray());
        UsersFile file = read("alice:{PLAIN}a", "bob:" + sha, "carol:{BLF-CRYPT}" + Scheme.BLF_CRYPT.generate(
                "c".toCharArray()), "dave:" + sha);

        LoadedUsers loaded = LoadedUsers.of(file);

        assertThat(loaded.decoy()).isSameAs(file.find("bob").orElseThrow().password());
        assertThat(loaded.size()).isEqualTo(4);
    }

    @Test
    void onATieTheSchemeDeclaredFirstWins() throws IOException {
        UsersFile file = read("alice:{SSHA512}" + Scheme.SSHA512.generate("a".toCharArray()),
                "bob:{PLAIN}b");

        assertThat(LoadedUsers.of(file).decoy()).isSameAs(file.find("bob").orElseThrow().password());
    }
}
