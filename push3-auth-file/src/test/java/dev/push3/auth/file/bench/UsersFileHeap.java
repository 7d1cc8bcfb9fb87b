package dev.push3.auth.file.bench;

import dev.push3.api.PluginConfig;
import dev.push3.api.auth.AuthOutcome;
import dev.push3.api.auth.Authenticator;
import dev.push3.api.auth.Credentials;
import dev.push3.auth.file.FileAuthenticatorProvider;
import dev.push3.passwords.scheme.Scheme;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The heap a users file takes once loaded (issue 11.11): writes a file of N users with
 * SHA512-CRYPT hashes (user1 has password {@code secret}; the others have random hashes of the
 * right form, as making a million real ones would take half an hour), loads it with the file
 * authenticator, and reports the heap retained after full collections. Run by
 * hand, after the build step in {@link LoginCostBenchmark}'s Javadoc:
 * <pre>
 * java -Xmx512m -cp push3-auth-file/target/test-classes:push3-auth-file/target/classes:$(cat push3-auth-file/target/bench-classpath.txt) \
 *     dev.push3.auth.file.bench.UsersFileHeap 1000000 /tmp/users-1m
 * </pre>
 */
public final class UsersFileHeap {
    private static final String CRYPT = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private UsersFileHeap() {
    }

    public static void main(String[] args) throws IOException {
        int users = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]);
        if (!Files.exists(file)) {
            write(file, users);
        }
        long before = retained();
        long start = System.nanoTime();
        Authenticator auth = new FileAuthenticatorProvider().create(PluginConfig.of(Map.of("auth.file.path",
                file.toString())));
        long loadMillis = (System.nanoTime() - start) / 1_000_000;
        long after = retained();
        AuthOutcome outcome = auth.authenticate(new Credentials("user1", "secret"));
        long size = Files.size(file);
        System.out.printf("users=%d file_bytes=%d retained_heap_bytes=%d ratio=%.3f load_ms=%d max_heap_bytes=%d"
                + " login_user1=%s%n", users, size, after - before, (double) (after - before) / size, loadMillis,
                Runtime.getRuntime().maxMemory(), outcome);
        Reference.reachabilityFence(auth);
        auth.close();
    }

    /** Heap in use after full collections (the module path of the tests has no java.management). */
    private static long retained() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void write(Path file, int users) throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("user1:{SHA512-CRYPT}" + Scheme.SHA512_CRYPT.generate("secret".toCharArray()) + "\n");
            StringBuilder line = new StringBuilder(160);
            for (int i = 2; i <= users; i++) {
                line.setLength(0);
                line.append("user").append(i).append(":{SHA512-CRYPT}$6$");
                appendRandom(line, random, 16);
                line.append('$');
                appendRandom(line, random, 86);
                out.append(line).append('\n');
            }
        }
    }

    private static void appendRandom(StringBuilder to, SplittableRandom random, int count) {
        for (int i = 0; i < count; i++) {
            to.append(CRYPT.charAt(random.nextInt(CRYPT.length())));
        }
    }
}
