package dev.push3.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.push3.core.client.Push3Client;
import dev.push3.core.wire.Reply;
import dev.push3.testkit.IntegrationGate;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built image as an operator gets it: unpacked from the tarball, started with
 * {@code bin/push3} on its own runtime with no Java on the host's PATH, plugins added and
 * removed as jar files with no rebuild. Each test works on its own copy of the image.
 */
class DistributionIT {
    private static final Path TARBALL = Path.of(System.getProperty("push3.tarball", "target/push3.tar.gz"));
    private static final Path EXAMPLE_PLUGIN = Path.of(System.getProperty("push3.example.plugin", "missing"));
    /** The push3-api version the image's plugins were compiled against: this build's. */
    private static final String API_VERSION = System.getProperty("push3.version", "missing");
    private static final String API = "api " + Pattern.quote(API_VERSION) + " +";
    private static final Pattern RUNTIME = Pattern.compile("Runtime: Java (\\S+) at (.+)");

    @TempDir
    Path dir;

    @BeforeEach
    void imageIsBuilt() {
        IntegrationGate.require(Files.isExecutable(Push3Process.DIST.resolve("runtime/bin/java")),
                "the image is not built (run ./mvnw package; " + Push3Process.DIST + "/runtime/bin/java is missing)");
    }

    private ImageCopy copy() throws IOException {
        return ImageCopy.of(Push3Process.DIST, dir);
    }

    private Path config(String... lines) throws IOException {
        return Files.writeString(dir.resolve("push3.properties"), String.join("\n", lines) + "\n");
    }

    @Test
    void theTarballUnpacksToAnImageThatRunsWithNoJavaOnTheHost() throws Exception {
        Process list = new ProcessBuilder("tar", "-tvzf", TARBALL.toString()).redirectErrorStream(true).start();
        List<String> entries = new String(list.getInputStream().readAllBytes()).lines().toList();
        assertThat(list.waitFor()).isZero();
        String top = "push3-" + TARBALL.getFileName().toString().replaceFirst("^push3-(.+)-linux-x64\\.tar\\.gz$", "$1");
        assertThat(entries).anyMatch(e -> e.startsWith("-rwxr-xr-x") && e.endsWith(" " + top + "/bin/push3"))
                .anyMatch(e -> e.startsWith("-rwxr-xr-x") && e.endsWith(" " + top + "/runtime/bin/java"))
                .anyMatch(e -> e.endsWith(" " + top + "/conf/push3.properties"))
                .noneMatch(e -> e.contains("/plugins/push3-auth-static"));

        assertThat(new ProcessBuilder("tar", "-xzf", TARBALL.toString(), "-C", dir.toString()).start().waitFor()).isZero();
        Path home = dir.resolve(top).toRealPath();
        ImageCopy unpacked = ImageCopy.unpacked(home, dir);
        ImageCopy.Result plugins = unpacked.run(Map.of(), "plugins");
        assertThat(plugins.status()).as(plugins.err()).isZero();
        Matcher runtime = RUNTIME.matcher(plugins.out());
        assertThat(runtime.find()).as(plugins.out()).isTrue();
        assertThat(runtime.group(1)).startsWith(Integer.toString(Runtime.version().feature()));
        assertThat(Path.of(runtime.group(2))).isEqualTo(home.resolve("runtime"));
        assertThat(plugins.out()).contains("Plugins from " + home.resolve("plugins"))
                .containsPattern("  file +" + API + "module dev\\.push3\\.auth\\.file \\(" + Pattern.quote(home + "/plugins/push3-auth-file-"))
                .containsPattern("  jmx +" + API + "module dev\\.push3\\.metrics\\.jmx \\(" + Pattern.quote(home + "/plugins/push3-metrics-jmx-"));

        // Through a symbolic link, as from /usr/local/bin: the launcher still finds its home.
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("usr-local-bin")).resolve("push3"),
                home.resolve("bin/push3"));
        assertThat(unpacked.run(link, Map.of(), "plugins").out()).contains("Plugins from " + home.resolve("plugins"));
    }

    @Test
    void aServerFromTheImageAnswersPush3Metrics() throws Exception {
        ImageCopy image = copy();
        Matcher runtime = RUNTIME.matcher(image.run(Map.of(), "plugins").out());
        assertThat(runtime.find()).isTrue();
        assertThat(Path.of(runtime.group(2))).isEqualTo(image.home().resolve("runtime"));
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}s3cret pass\n");
        try (Push3Process server = image.serve("--port", "0", "--users", users.toString())) {
            String port = Integer.toString(server.awaitPort());
            ImageCopy.Result ok = image.run(Map.of("PUSH3_PASSWORD", "s3cret pass"), "metrics", "-p", port, "-u", "alice");
            assertThat(ok.status()).as(ok.err()).isZero();
            assertThat(ok.out()).startsWith("NAME").containsPattern("\npush3\\.logins\\.succeeded +1\n");

            ImageCopy.Result refused = image.run(Map.of("PUSH3_PASSWORD", "wrong pass"), "metrics", "-p", port,
                    "-u", "alice", "--format", "json");
            assertThat(refused.status()).isEqualTo(1);
            assertThat(refused.out()).isEmpty();
            assertThat(refused.err()).isEqualTo("push3: 127.0.0.1:" + port + ": LOGIN refused: invalid credentials\n");

            ImageCopy.Result json = image.run(Map.of("PUSH3_PASSWORD", "s3cret pass"), "metrics", "-p", port,
                    "-u", "alice", "--format", "json");
            assertThat(json.out()).contains("\"push3.logins.failed\":1,", "\"push3.logins.succeeded\":2,");
            assertThat(server.stderr() + ok.err() + json.err()).doesNotContain("s3cret");

            // conf/log4j2.xml routes the audit trail to its own file, one JSON object per line.
            List<String> audit = Files.readAllLines(image.home().resolve("logs/audit.log"));
            assertThat(audit).hasSize(3).allMatch(line -> line.matches("\\{\"time\":\"[0-9T:.-]+Z\",\"event\":\"login\",.*"));
            assertThat(audit.get(0)).contains("\"outcome\":\"accepted\"", "\"remote\":\"127.0.0.1\"", "\"user\":\"alice\"");
            assertThat(audit.get(1)).contains("\"outcome\":\"rejected\"", "\"tls\":null", "\"user\":\"alice\"");
            assertThat(String.join("\n", audit)).doesNotContain("s3cret");
            assertThat(server.stderr()).doesNotContain("\"event\":");
        }
    }

    /**
     * Under systemd's {@code LogsDirectory=} (dist/push3.service), whose /opt is read-only, the
     * audit trail goes to {@code $LOGS_DIRECTORY/audit.log}, not to {@code $PUSH3_HOME/logs}.
     */
    @Test
    void theAuditTrailGoesToSystemdsLogsDirectory() throws Exception {
        ImageCopy image = copy();
        Path logs = Files.createDirectories(dir.resolve("var-log-push3"));
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}s3cret pass\n");
        try (Push3Process server = image.serve(Map.of("LOGS_DIRECTORY", logs.toString()), "--port", "0",
                "--users", users.toString())) {
            String port = Integer.toString(server.awaitPort());
            ImageCopy.Result ok = image.run(Map.of("PUSH3_PASSWORD", "s3cret pass"), "metrics", "-p", port, "-u", "alice");
            assertThat(ok.status()).as(ok.err()).isZero();
            // The audit appender is asynchronous: wait for the record, not for a time.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(logs.resolve("audit.log")).exists()
                    .content().contains("\"event\":\"login\"", "\"outcome\":\"accepted\""));
            assertThat(image.home().resolve("logs/audit.log")).doesNotExist();
        }
    }

    /**
     * The launcher's start-up cache: none from a start that failed; one after a clean stop,
     * named after the version and keyed by the JVM options; a run with other options (failed
     * or clean) or another command never deletes or replaces the running server's.
     */
    @Test
    void theStartUpCacheIsWrittenOnlyAfterACleanStopAndOnlyUnderItsOwnKey() throws Exception {
        ImageCopy image = copy().withStartUpCache();
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Map<String, String> inCache = Map.of("PUSH3_CACHE_DIR", cache.toString());
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}s3cret\n");
        Path bad = config("server.port=nonsense");

        ImageCopy.Result failed = image.run(inCache, "serve", "--config", bad.toString());
        assertThat(failed.status()).as(failed.err()).isEqualTo(2);
        assertThat(files(cache)).isEmpty();

        stopCleanly(image.serve(inCache, "--port", "0", "--users", users.toString()));
        List<Path> made = files(cache);
        assertThat(made).hasSize(1).allMatch(file -> file.getFileName().toString()
                .matches("push3-serve-" + Pattern.quote(API_VERSION) + "-[0-9]+\\.aot"));
        Path first = made.get(0);
        BasicFileAttributes firstFile = Files.readAttributes(first, BasicFileAttributes.class);

        try (Push3Process running = image.serve(inCache, "--port", "0", "--users", users.toString())) {
            Map<String, String> otherOptions = Map.of("PUSH3_CACHE_DIR", cache.toString(), "PUSH3_JAVA_OPTS", "-Xmx96m");
            assertThat(image.run(otherOptions, "serve", "--config", bad.toString()).status()).isEqualTo(2);
            Map<String, String> client = Map.of("PUSH3_CACHE_DIR", cache.toString(), "PUSH3_PASSWORD", "s3cret");
            assertThat(image.run(client, "metrics", "-p", Integer.toString(running.awaitPort()), "-u", "alice").status())
                    .isZero();
            assertThat(files(cache)).containsExactly(first);

            stopCleanly(image.serve(otherOptions, "--port", "0", "--users", users.toString()));
            assertThat(files(cache)).hasSize(2).contains(first);
            stopCleanly(running);
        }
        assertThat(files(cache)).hasSize(2).contains(first);
        BasicFileAttributes firstNow = Files.readAttributes(first, BasicFileAttributes.class);
        assertThat(List.of(firstNow.fileKey(), firstNow.lastModifiedTime())).as("the first cache was neither replaced nor rewritten")
                .isEqualTo(List.of(firstFile.fileKey(), firstFile.lastModifiedTime()));
    }

    /**
     * The cache is code the JVM maps: none is made in, or used from, a directory another user
     * owns or others may write to, nor a cache file someone else owns; a line on stderr says so.
     */
    @Test
    void theStartUpCacheIsNeitherMadeNorUsedWhereAnotherUserCouldHaveWrittenIt() throws Exception {
        ImageCopy image = copy().withStartUpCache();
        Path cache = Files.createDirectories(dir.resolve("shared-cache"));
        Map<String, String> inCache = Map.of("PUSH3_CACHE_DIR", cache.toString());
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}s3cret\n");

        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (Push3Process server = image.serve(inCache, "--port", "0", "--users", users.toString())) {
            server.awaitPort();
            assertThat(server.stderr()).contains("push3: start-up cache not kept in " + cache
                    + ": another user owns it or others may write to it (chmod go-w)");
            stopCleanly(server);
        }
        assertThat(files(cache)).isEmpty();

        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxr-xr-x"));
        stopCleanly(image.serve(inCache, "--port", "0", "--users", users.toString()));
        Path made = files(cache).get(0);
        Files.setOwner(made, made.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        try (Push3Process server = image.serve(inCache, "--port", "0", "--users", users.toString())) {
            server.awaitPort();
            assertThat(server.stderr()).contains("push3: start-up cache " + made + " not used: another user owns it");
            stopCleanly(server);
        }
        assertThat(files(cache)).containsExactly(made);
    }

    /**
     * Whoever may rename a directory above the cache may swap in a cache of theirs between the
     * launcher's check and the JVM's open: a cache directory under a group-writable (not sticky)
     * one is not used either, and a line on stderr names that directory.
     */
    @Test
    void noStartUpCacheIsKeptUnderADirectoryOthersMayWriteTo() throws Exception {
        ImageCopy image = copy().withStartUpCache();
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxr-x"));
        Path cache = Files.createDirectories(shared.resolve("cache"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}s3cret\n");
        try (Push3Process server = image.serve(Map.of("PUSH3_CACHE_DIR", cache.toString()), "--port", "0", "--users", users.toString())) {
            server.awaitPort();
            assertThat(server.stderr()).contains("push3: start-up cache not kept in " + cache + ": another user owns "
                    + shared.toRealPath() + ", above it, or others may write to it");
            stopCleanly(server);
        }
        assertThat(files(cache)).isEmpty();
    }

    /** Stops a server as systemd does and waits until its launcher has finished too. */
    private static void stopCleanly(Push3Process server) throws IOException, InterruptedException {
        try (server) {
            server.sigterm();
            assertThat(server.awaitExit(Duration.ofSeconds(90))).as(server.stderr()).isEqualTo(143);
        }
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aMissingPluginIsNamedWithWhatIsPresentAndPuttingItBackWorks() throws Exception {
        ImageCopy image = copy();
        Files.copy(EXAMPLE_PLUGIN, image.plugins().resolve(EXAMPLE_PLUGIN.getFileName()));
        Path jmx = image.plugin("push3-metrics-jmx").orElseThrow(() -> new AssertionError("the image ships no jmx plugin"));
        Path config = config("auth.backend=static", "auth.static.users=alice:pw", "metrics.sources=inprocess,jmx",
                "auth.failure-delay=0s");
        Path aside = Files.move(jmx, dir.resolve(jmx.getFileName()));

        ImageCopy.Result refused = image.run(Map.of(), "serve", "--port", "0", "--config", config.toString());
        assertThat(refused.status()).isEqualTo(2);
        List<String> present = present(image);
        assertThat(refused.err()).contains("push3: configuration error: metrics.sources: no metrics source named 'jmx'; "
                + "available: " + (present.isEmpty() ? "none" : String.join(", ", present))
                + ". Put the plugin's jar in plugins/ or choose an available one.");

        Files.move(aside, jmx);
        try (Push3Process server = image.serve("--port", "0", "--config", config.toString());
             Push3Client client = Push3Client.connect("127.0.0.1", server.awaitPort(), Duration.ofSeconds(10))) {
            assertThat(client.login("alice", "pw")).isEqualTo(new Reply.Success("logged in"));
            assertThat(client.metrics()).containsEntry("jmx.up", BigDecimal.ONE).containsKey("jvm.uptime_ms");
        }
    }

    /** The metrics sources {@code push3 plugins} lists, as the server's message should. */
    private static List<String> present(ImageCopy image) throws Exception {
        String out = image.run(Map.of(), "plugins").out();
        int from = out.indexOf("Metrics sources");
        return out.substring(from, out.indexOf("\n\n", from)).lines().skip(1).map(String::strip)
                .map(line -> line.split(" +")[0]).filter(name -> !name.equals("inprocess")).toList();
    }

    @Test
    void theExamplePluginDroppedInIsAuthBackendStaticWithNoRebuild() throws Exception {
        ImageCopy image = copy();
        assertThat(image.plugin("push3-auth-static")).as("the example must not ship in the image").isEmpty();
        Path jar = Files.copy(EXAMPLE_PLUGIN, image.plugins().resolve(EXAMPLE_PLUGIN.getFileName()));

        assertThat(image.run(Map.of(), "plugins").out()).containsPattern(
                "  static +" + API + "module dev\\.push3\\.example\\.auth\\.staticusers \\(" + Pattern.quote(jar.toString()) + "\\)");
        ImageCopy.Result typo = image.run(Map.of(), "serve", "--port", "0", "--config",
                config("auth.backend=static", "auth.static.user=alice:pw1").toString());
        assertThat(typo.status()).isEqualTo(2);
        assertThat(typo.err()).contains("auth.static.user: unknown key at push3.properties line 2; did you mean auth.static.users?");

        Path config = config("auth.backend=static", "auth.static.users=alice:pw1,bob:pw2", "auth.failure-delay=0s");
        try (Push3Process server = image.serve("--port", "0", "--config", config.toString());
             Push3Client client = Push3Client.connect("127.0.0.1", server.awaitPort(), Duration.ofSeconds(10))) {
            assertThat(client.login("alice", "pw2").text()).isEqualTo("invalid credentials");
            assertThat(client.login("bob", "pw2")).isEqualTo(new Reply.Success("logged in"));
            assertThat(client.metrics()).containsEntry("push3.auth.static.users", new BigDecimal(2))
                    .containsEntry("push3.logins.succeeded", BigDecimal.ONE)
                    .containsEntry("push3.logins.failed", BigDecimal.ONE);
            assertThat(server.stderr()).contains("Authenticator 'static' from module dev.push3.example.auth.staticusers");
        }
    }

    @Test
    void pluginsReportsJarsThatCannotBeLoadedAndStillListsTheOthers() throws Exception {
        ImageCopy image = copy();
        Path jmx = image.plugin("push3-metrics-jmx").orElseThrow();
        Files.writeString(image.plugins().resolve("broken.jar"), "not a zip file");
        Files.copy(jmx, image.plugins().resolve("zz-copy-of-jmx.jar"));
        Path fileAuthenticator = image.plugin("push3-auth-file").orElseThrow();
        Path passwords;
        try (Stream<Path> lib = Files.list(image.home().resolve("lib"))) {
            passwords = lib.filter(p -> p.getFileName().toString().startsWith("push3-passwords-")).findFirst().orElseThrow();
        }
        Files.copy(passwords, image.plugins().resolve(passwords.getFileName()));

        ImageCopy.Result result = image.run(Map.of(), "plugins");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out())
                .containsPattern("  file +" + API + "module dev\\.push3\\.auth\\.file \\(" + Pattern.quote(fileAuthenticator.toString()))
                .containsPattern("  jmx +" + API + "module dev\\.push3\\.metrics\\.jmx \\(" + Pattern.quote(jmx.toString()))
                .contains("Problems:\n")
                .contains("  broken.jar: not a usable module jar: ")
                .contains("  zz-copy-of-jmx.jar: module dev.push3.metrics.jmx is also in " + jmx.getFileName()
                        + "; remove one of them\n")
                .contains("  " + passwords.getFileName()
                        + ": module dev.push3.passwords is already in lib/; remove the copy from plugins/\n");
        assertThat(Arrays.stream(result.out().split("\n")).filter(l -> l.startsWith("  file ") || l.startsWith("  jmx ")))
                .hasSize(2);
    }

    /**
     * A plugin whose module requires one that nobody supplies (made here with javac and jar:
     * the image's plugins bring all they need) is reported; the other plugins still load.
     */
    @Test
    void aPluginWhoseDependencyIsMissingIsReportedAndTheOthersStillLoad() throws Exception {
        ImageCopy image = copy();
        Path needy = TestPlugins.needy(dir.resolve("needy"), image.home().resolve("lib"));
        Files.copy(needy, image.plugins().resolve(needy.getFileName()));
        Files.copy(EXAMPLE_PLUGIN, image.plugins().resolve(EXAMPLE_PLUGIN.getFileName()));

        ImageCopy.Result result = image.run(Map.of(), "plugins");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).containsPattern("  static +" + API + "module dev\\.push3\\.example\\.auth\\.staticusers")
                .contains("  needy.jar: plugin test.needy cannot be loaded: Module test.absent not found, required by test.needy\n")
                .doesNotContain("  needy ");

        Path config = config("auth.backend=needy");
        ImageCopy.Result serve = image.run(Map.of(), "serve", "--port", "0", "--config", config.toString());
        assertThat(serve.status()).isEqualTo(2);
        assertThat(serve.err()).contains("WARN", "Plugin left out: needy.jar: plugin test.needy cannot be loaded")
                .containsPattern("push3: configuration error: auth.backend: no authenticator named 'needy'; "
                        + "available: [a-z0-9, ]*\\bstatic\\b");
    }

    @Test
    void aPluginCompiledAgainstAnotherApiIsRefusedNamingBothVersions() throws Exception {
        ImageCopy image = copy();
        Path future = TestPlugins.againstApi(dir.resolve("future"), image.home().resolve("lib"), "9.0.0");
        Files.copy(future, image.plugins().resolve(future.getFileName()));

        ImageCopy.Result result = image.run(Map.of(), "plugins");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).contains("cannot load authenticator 'future' from module test.future ("
                        + image.plugins().resolve("future.jar") + "): compiled against push3-api 9.0.0, but this server has"
                        + " push3-api " + API_VERSION + "; use a build of the plugin for push3-api " + API_VERSION + "\n")
                .doesNotContain("  future ");
    }

    /**
     * Every log record is one line, through the shipped conf/log4j2.xml and bin/push3: a
     * plugin logs a message and an exception (with a cause) whose texts hold line breaks and
     * text posing as a record of its own.
     */
    @Test
    void everyLogRecordIsOneLineWhateverItsMessageAndExceptionHold() throws Exception {
        ImageCopy image = copy();
        Path noisy = TestPlugins.noisy(dir.resolve("noisy"), image.home().resolve("lib"));
        Files.copy(noisy, image.plugins().resolve(noisy.getFileName()));
        Files.copy(EXAMPLE_PLUGIN, image.plugins().resolve(EXAMPLE_PLUGIN.getFileName()));
        Path config = config("auth.backend=static", "auth.static.users=alice:pw", "metrics.sources=inprocess,noisy");

        ImageCopy.Result serve = image.run(Map.of(), "serve", "--port", "0", "--config", config.toString());

        assertThat(serve.status()).as(serve.err()).isEqualTo(2);
        List<String> lines = serve.err().lines().toList();
        assertThat(lines).filteredOn(line -> line.contains("noisy first line")).singleElement().satisfies(line ->
                assertThat(line).containsPattern("^\\d{4}-\\d\\d-\\d\\dT\\S+ WARN  \\[\\] NoisyProvider - ")
                        .contains("noisy first line\\nFORGED second line\\u2028FORGED third\\u2029FORGED fourth"
                                + "\\u0085FORGED fifth java.lang.IllegalStateException: boom\\n"
                                + "FORGED in the exception\\n\tat ", "test.noisy.NoisyProvider.create(NoisyProvider.java:")
                        .contains("Caused by: java.io.IOException: cause\\r\\nFORGED in the cause"));
        assertThat(lines).as(serve.err()).noneMatch(line -> line.startsWith("FORGED") || line.startsWith("\tat ")
                || line.startsWith("Caused by"));
        assertThat(serve.err()).as("Unicode line separators, which some log tools split on")
                .doesNotContain("\u2028", "\u2029", "\u0085");
    }
}
