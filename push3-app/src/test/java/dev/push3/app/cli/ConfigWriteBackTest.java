package dev.push3.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.core.client.Push3Client;
import dev.push3.core.server.Push3Server;
import dev.push3.core.wire.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * {@code push3 serve --config FILE} in this JVM, over real TCP: a {@code CONFIG} change is
 * written back to FILE on that key's line only (or appended), comments, continuations and
 * order kept, permissions kept, the file replaced atomically; a file that can no longer be
 * written gives {@code (not saved: reason)} and the change stays in force. A reload with a
 * bad value keeps everything; a good one applies the changeable keys.
 */
class ConfigWriteBackTest {
    @TempDir
    Path dir;

    private ServeCommand serveCommand;

    private Push3Server serve(Path config) throws IOException {
        CommandLine commandLine = Push3Command.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));
        CommandLine.ParseResult parsed = commandLine.parseArgs("serve", "--config", config.toString(), "--port", "0");
        serveCommand = parsed.subcommand().commandSpec().commandLine().getCommand();
        return serveCommand.start();
    }

    private List<String> original(Path users) {
        return List.of(
                "# Push3 on the mail host",
                "auth.file.path=" + users,
                "",
                "# three strikes",
                "auth.max-failures = 3",
                "auth.failure-delay=0s",
                "auth.penalty.max=0s",
                "metrics.openmetrics.include=dovecot_auth_*,\\",
                "    dovecot_pop3_*",
                "auth.admins=root",
                "! the end");
    }

    private Path write(List<String> lines) throws IOException {
        Path users = dir.resolve("users");
        if (!Files.exists(users)) {
            Files.writeString(users, "root:{PLAIN}rootpw\nalice:{PLAIN}secret\n");
        }
        return Files.write(dir.resolve("push3.properties"), lines, StandardCharsets.UTF_8);
    }

    @Test
    void aChangeRewritesOnlyItsLineAndAnUnsetKeyIsAppended() throws IOException {
        Path users = dir.resolve("users");
        List<String> before = original(users);
        Path config = write(before.stream().filter(line -> !line.startsWith("metrics.") && !line.startsWith("    ")).toList());
        List<String> lines = Files.readAllLines(config);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r-----"));
        try (Push3Server server = serve(config);
                Push3Client root = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            assertThat(root.login("root", "rootpw").success()).isTrue();
            assertThat(root.send("CONFIG auth.max-failures 1")).isEqualTo(new Reply.Success("auth.max-failures=1 (was 3)"));
            List<String> expected = new ArrayList<>(lines);
            expected.set(lines.indexOf("auth.max-failures = 3"), "auth.max-failures=1");
            assertThat(Files.readAllLines(config)).containsExactlyElementsOf(expected);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-r-----");

            assertThat(root.send("CONFIG server.idle-timeout.transaction 5m"))
                    .isEqualTo(new Reply.Success("server.idle-timeout.transaction=5m (was 10m)"));
            expected.add("server.idle-timeout.transaction=5m");
            assertThat(Files.readAllLines(config)).containsExactlyElementsOf(expected);
            try (var files = Files.list(dir)) {
                assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("push3.properties", "users");
            }
        }
    }

    @Test
    void aKeyOnContinuationLinesIsReplacedWhole() throws IOException {
        List<String> lines = new ArrayList<>(original(dir.resolve("users")));
        lines.add(lines.indexOf("! the end"), "server.greeting=\\");
        lines.add(lines.indexOf("! the end"), "  false");
        Path config = write(lines.stream().filter(line -> !line.startsWith("metrics.") && !line.startsWith("    ")).toList());
        List<String> written = Files.readAllLines(config);
        try (Push3Server server = serve(config);
                Push3Client root = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            assertThat(root.login("root", "rootpw").success()).isTrue();
            assertThat(root.send("CONFIG server.greeting true")).isEqualTo(new Reply.Success("server.greeting=true (was false)"));
        }
        List<String> expected = new ArrayList<>(written);
        int at = written.indexOf("server.greeting=\\");
        expected.remove(at + 1);
        expected.set(at, "server.greeting=true");
        assertThat(Files.readAllLines(config)).containsExactlyElementsOf(expected);
    }

    @Test
    void aFileThatCannotBeWrittenGivesNotSavedAndTheChangeStays() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("conf"));
        Files.writeString(dir.resolve("users"), "root:{PLAIN}rootpw\n");
        Path config = Files.write(sub.resolve("push3.properties"), List.of("auth.file.path=" + dir.resolve("users"),
                "auth.admins=root", "auth.failure-delay=0s"));
        try (Push3Server server = serve(config);
                Push3Client root = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            assertThat(root.login("root", "rootpw").success()).isTrue();
            Files.delete(config);
            Files.delete(sub); // the operator moved the configuration away meanwhile
            assertThat(root.send("CONFIG auth.max-failures 7")).isEqualTo(
                    new Reply.Success("auth.max-failures=7 (not saved: " + config + " no longer exists)"));
            assertThat(root.send("CONFIG auth.max-failures")).isEqualTo(new Reply.Success("auth.max-failures=7"));
        }
    }

    @Test
    void aReloadWithABadValueKeepsEverythingAndAGoodOneAppliesTheChangeableKeys() throws IOException {
        Path users = dir.resolve("users");
        Path config = write(List.of("auth.file.path=" + users, "auth.admins=root", "auth.failure-delay=0s", "auth.max-failures=3"));
        try (Push3Server server = serve(config);
                Push3Client root = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            assertThat(root.login("root", "rootpw").success()).isTrue();
            write(List.of("auth.file.path=" + users, "auth.admins=root", "auth.failure-delay=soon", "auth.max-failures=1"));
            serveCommand.reload(server);
            assertThat(root.send("CONFIG auth.max-failures")).isEqualTo(new Reply.Success("auth.max-failures=3"));
            write(List.of("auth.file.path=" + users, "auth.admins=root", "auth.failure-delay=0s", "auth.max-failrues=1"));
            serveCommand.reload(server); // a typo refuses the whole file too
            write(List.of("auth.file.path=" + users, "auth.admins=root", "auth.failure-delay=0s", "auth.max-failures=1",
                    "server.bind=127.0.0.2"));
            serveCommand.reload(server);
            assertThat(root.send("CONFIG auth.max-failures")).isEqualTo(new Reply.Success("auth.max-failures=1"));
            assertThat(root.send("CONFIG server.bind")).isEqualTo(new Reply.Success("server.bind=127.0.0.1"));
        }
    }

    @Test
    void theLogLevelChangesAtRunTime() throws IOException {
        Path config = write(List.of("auth.file.path=" + dir.resolve("users"), "auth.admins=root", "auth.failure-delay=0s"));
        try (Push3Server server = serve(config);
                Push3Client root = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            assertThat(root.login("root", "rootpw").success()).isTrue();
            assertThat(root.send("CONFIG server.log-level")).isEqualTo(new Reply.Success("server.log-level=info"));
            assertThat(root.send("CONFIG server.log-level loud")).isEqualTo(new Reply.Fail(
                    "server.log-level: must be one of off, error, warn, info, debug, trace, all, was 'loud'"));
            assertThat(root.send("CONFIG server.log-level debug")).isEqualTo(new Reply.Success("server.log-level=debug (was info)"));
            assertThat(LogManager.getRootLogger().getLevel()).isEqualTo(Level.DEBUG);
            assertThat(LoggerFactory.getLogger("push3.test").isDebugEnabled()).isTrue();
        } finally {
            Configurator.setRootLevel(Level.INFO);
        }
    }

    /**
     * The write-back keeps what the operator chose: a symbolic link stays a link to the file
     * it names (the target is rewritten), CRLF line ends and a missing final newline stay,
     * the owner and group stay (the tests run as root, which may give a file away), and no
     * temporary file is left beside it.
     */
    @Test
    void theWriteBackKeepsALinkTheLineEndsAndTheOwner() throws IOException {
        Path users = dir.resolve("users");
        write(List.of());
        Path real = Files.createDirectory(dir.resolve("real")).resolve("push3.properties");
        Files.writeString(real, "auth.file.path=" + users + "\r\nauth.admins=root\r\nauth.failure-delay=0s\r\nauth.max-failures=3");
        Path link = Files.createSymbolicLink(dir.resolve("linked.properties"), real);
        boolean root = "root".equals(Files.getOwner(real).getName());
        if (root) {
            Files.getFileAttributeView(real, PosixFileAttributeView.class).setOwner(
                    real.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        }
        UserPrincipal owner = Files.getOwner(real);
        try (Push3Server server = serve(link);
                Push3Client client = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            assertThat(client.login("root", "rootpw").success()).isTrue();
            assertThat(client.send("CONFIG auth.max-failures 5")).isEqualTo(new Reply.Success("auth.max-failures=5 (was 3)"));
            assertThat(client.send("CONFIG auth.failure-delay 1s")).isEqualTo(new Reply.Success("auth.failure-delay=1s (was 0s)"));
        }
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo(
                "auth.file.path=" + users + "\r\nauth.admins=root\r\nauth.failure-delay=1s\r\nauth.max-failures=5");
        assertThat(Files.getOwner(real)).isEqualTo(owner);
        try (var left = Files.list(real.getParent())) {
            assertThat(left).containsExactly(real);
        }
    }

    /**
     * A reload checks the keys that need a restart as start-up does: a bad one refuses the
     * whole file (nothing else applies); a good one is logged as waiting and the rest applies.
     */
    @Test
    void aReloadRefusesABadValueOfAKeyThatNeedsARestart() throws IOException {
        Path users = dir.resolve("users");
        Path config = write(List.of("auth.file.path=" + users, "auth.admins=root", "auth.failure-delay=0s", "auth.max-failures=3"));
        try (Push3Server server = serve(config);
                Push3Client root = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            assertThat(root.login("root", "rootpw").success()).isTrue();
            write(List.of("auth.file.path=" + users, "auth.admins=root", "auth.failure-delay=0s", "auth.max-failures=1",
                    "auth.file.default-scheme=NOPE"));
            serveCommand.reload(server);
            assertThat(root.send("CONFIG auth.max-failures")).isEqualTo(new Reply.Success("auth.max-failures=3"));
            write(List.of("auth.file.path=" + dir.resolve("no-such-users"), "auth.admins=root", "auth.failure-delay=0s",
                    "auth.max-failures=1"));
            serveCommand.reload(server);
            assertThat(root.send("CONFIG auth.max-failures")).isEqualTo(new Reply.Success("auth.max-failures=3"));
            write(List.of("auth.file.path=" + users, "auth.admins=root", "auth.failure-delay=0s", "auth.max-failures=1",
                    "auth.file.default-scheme=SHA512-CRYPT"));
            serveCommand.reload(server);
            assertThat(root.send("CONFIG auth.max-failures")).isEqualTo(new Reply.Success("auth.max-failures=1"));
            assertThat(root.send("CONFIG auth.file.default-scheme")).isEqualTo(
                    new Reply.Success("auth.file.default-scheme="));
        }
    }

    /**
     * A SIGHUP concurrent with CONFIG: each round starts a CONFIG and a reload together; after
     * both, the running value is the file's. Before the reload read the file under the live
     * settings' lock, a reload could read the old file, wait for the CONFIG and its write-back,
     * then put the old value back while the file kept the new one.
     */
    @Test
    void aReloadConcurrentWithConfigLeavesTheRunningValueEqualToTheFile() throws Exception {
        Path config = write(List.of("auth.file.path=" + dir.resolve("users"), "auth.admins=root", "auth.failure-delay=0s",
                "auth.max-failures=3"));
        try (Push3Server server = serve(config);
                Push3Client root = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5));
                ExecutorService threads = Executors.newFixedThreadPool(2)) {
            assertThat(root.login("root", "rootpw").success()).isTrue();
            for (int round = 0; round < 40; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                String value = String.valueOf(4 + round);
                CompletableFuture<Reply> change = CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return root.send("CONFIG auth.max-failures " + value);
                }, threads);
                CompletableFuture<Void> reload = CompletableFuture.runAsync(() -> {
                    await(start);
                    serveCommand.reload(server);
                }, threads);
                assertThat(change.get(10, TimeUnit.SECONDS)).isInstanceOf(Reply.Success.class);
                reload.get(10, TimeUnit.SECONDS);
                Properties file = new Properties();
                try (var in = Files.newBufferedReader(config)) {
                    file.load(in);
                }
                assertThat(file.getProperty("auth.max-failures")).as("round %d", round).isEqualTo(value);
                assertThat(root.send("CONFIG auth.max-failures")).as("round %d", round)
                        .isEqualTo(new Reply.Success("auth.max-failures=" + value));
            }
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
