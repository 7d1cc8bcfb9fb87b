package dev.push3.auth.file.bench;

import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.auth.file.FileAuthenticatorProvider;
import dev.push3.passwords.PasswordHasher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one {@code LOGIN} check costs in the file authenticator, per scheme, with the
 * parameters {@code push3 passwd} writes (those of {@code doveadm pw}, except BLF-CRYPT at
 * cost 12 instead of 5). Measures {@link Authenticator#authenticate} as the server calls
 * it: the permit, the users file's stat check and the hash.
 *
 * <p>{@code wrongPassword} is what a failed guess costs; {@code unknownUser} must cost the
 * same, since the decoy is checked. Run by hand, one thread (the host has 2 cores):
 * <pre>
 * ./mvnw -q -pl push3-auth-file -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
 * java -cp push3-auth-file/target/test-classes:push3-auth-file/target/classes:$(cat push3-auth-file/target/bench-classpath.txt) \
 *     org.openjdk.jmh.Main LoginCostBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx1g")
public class LoginCostBenchmark {
    private static final String PASSWORD = "correct horse battery staple";

    @Param({"PLAIN", "SSHA256", "SSHA512", "PBKDF2", "SHA256-CRYPT", "SHA512-CRYPT", "BLF-CRYPT", "ARGON2I",
        "ARGON2ID"})
    public String scheme;

    private Path directory;
    private Authenticator authenticator;
    private Credentials wrong;
    private Credentials unknown;

    @Setup(Level.Trial)
    public void writeUsersFile() throws IOException {
        directory = Files.createTempDirectory("push3-bench");
        Path users = Files.write(directory.resolve("users"),
                List.of(PasswordHasher.line("alice", scheme, PASSWORD.toCharArray())));
        authenticator = new FileAuthenticatorProvider().create(
                PluginConfig.of(Map.of("auth.file.path", users.toString())));
        if (!(authenticator.authenticate(new Credentials("alice", PASSWORD)) instanceof AuthOutcome.Accepted)) {
            throw new IllegalStateException("the benchmark's own user does not log in with " + scheme);
        }
        wrong = new Credentials("alice", "wrong horse battery staple");
        unknown = new Credentials("mallory", PASSWORD);
    }

    @TearDown(Level.Trial)
    public void removeUsersFile() throws IOException {
        authenticator.close();
        Files.delete(directory.resolve("users"));
        Files.delete(directory);
    }

    @Benchmark
    public AuthOutcome wrongPassword() {
        return authenticator.authenticate(wrong);
    }

    @Benchmark
    public AuthOutcome unknownUser() {
        return authenticator.authenticate(unknown);
    }
}
