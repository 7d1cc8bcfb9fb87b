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

/**
 * The CPU time one failed {@code LOGIN} check takes, per scheme: a timed loop that reads the
 * process's CPU clock (the checks run on one thread; garbage collection, which Argon2's
 * 64 MiB blocks cause, is rightly included), so the figure holds even on a host shared with other work (where
 * {@link LoginCostBenchmark}'s wall-clock times grow with the load). Run by hand, after the
 * build step in {@link LoginCostBenchmark}'s Javadoc:
 * <pre>
 * java -cp push3-auth-file/target/test-classes:push3-auth-file/target/classes:$(cat push3-auth-file/target/bench-classpath.txt) \
 *     dev.push3.auth.file.bench.LoginCpuCost
 * </pre>
 */
public final class LoginCpuCost {
    private static final String PASSWORD = "correct horse battery staple";
    private static final long BUDGET_NANOS = 3_000_000_000L;

    private LoginCpuCost() {
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    public static void main(String[] args) throws IOException {
        System.out.printf("%-13s %12s %12s %6s%n", "scheme", "cpu ms/op", "wall ms/op", "ops");
        for (String scheme : List.of("PLAIN", "SSHA256", "SSHA512", "PBKDF2", "SHA256-CRYPT", "SHA512-CRYPT",
                "BLF-CRYPT", "ARGON2I", "ARGON2ID")) {
            Path dir = Files.createTempDirectory("push3-cpu");
            Path users = Files.write(dir.resolve("users"),
                    List.of(PasswordHasher.line("alice", scheme, PASSWORD.toCharArray())));
            try (Authenticator auth = new FileAuthenticatorProvider()
                    .create(PluginConfig.of(Map.of("auth.file.path", users.toString())))) {
                Credentials wrong = new Credentials("alice", "wrong");
                for (int i = 0; i < 3; i++) {
                    auth.authenticate(wrong);
                }
                long cpu0 = cpuNanos();
                long wall0 = System.nanoTime();
                int ops = 0;
                while (cpuNanos() - cpu0 < BUDGET_NANOS && ops < 100_000) {
                    if (!(auth.authenticate(wrong) instanceof AuthOutcome.Rejected)) {
                        throw new IllegalStateException("a wrong password was not rejected");
                    }
                    ops++;
                }
                double cpuMs = (cpuNanos() - cpu0) / 1e6 / ops;
                double wallMs = (System.nanoTime() - wall0) / 1e6 / ops;
                System.out.printf("%-13s %12.3f %12.3f %6d%n", scheme, cpuMs, wallMs, ops);
            } finally {
                Files.delete(users);
                Files.delete(dir);
            }
        }
    }
}
