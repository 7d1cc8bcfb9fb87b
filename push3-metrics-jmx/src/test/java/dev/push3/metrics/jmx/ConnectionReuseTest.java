package dev.push3.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.metrics.jmx.agent.ChildJvm;
import dev.push3.metrics.jmx.agent.CountingLoginModule;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection is opened once and reused: the child's agent authenticates through
 * {@link CountingLoginModule}, which counts logins, one per JMX connection.
 */
class ConnectionReuseTest {

    @Test
    void elevenCollectionsLogInOnce(@TempDir Path dir) throws Exception {
        try (ChildJvm child = countingLogins(dir, List.of());
             MetricsSource source = new JmxSourceProvider().create(PluginConfig.of(Map.of(
                     "metrics.jmx.url", child.url(),
                     "metrics.jmx.user", "monitorRole",
                     "metrics.jmx.password", "any",
                     "metrics.jmx.presets", "james-pop3",
                     "metrics.jmx.rules", rules(dir).toString())))) {
            for (int i = 0; i < 10; i++) {
                source.collect();
            }
            assertThat(source.collect().get("test.logins")).contains(BigDecimal.ONE);
        }
    }

    /**
     * Starts an agent that counts logins (one per JMX connection) in {@code dev.push3.test:type=Logins},
     * for user {@code monitorRole} with any password.
     *
     * @param dir where to write its JAAS and access files
     * @param childOnly class path entries only the child has
     */
    static ChildJvm countingLogins(Path dir, List<Path> childOnly) throws Exception {
        Path jaas = Files.writeString(dir.resolve("jaas.config"), """
                Push3Test {
                    %s required;
                };
                """.formatted(CountingLoginModule.class.getName()));
        Path access = ownerOnly(Files.writeString(dir.resolve("jmxremote.access"), "monitorRole readonly\n"));
        return ChildJvm.start(List.of(
                "-Dcom.sun.management.jmxremote.authenticate=true",
                "-Dcom.sun.management.jmxremote.ssl=false",
                "-Dcom.sun.management.jmxremote.login.config=Push3Test",
                "-Djava.security.auth.login.config=" + jaas,
                "-Dcom.sun.management.jmxremote.access.file=" + access), childOnly);
    }

    private static Path rules(Path dir) throws Exception {
        return Files.writeString(dir.resolve("logins.rules"), "dev.push3.test:type=Logins Count test.logins\n");
    }

    static Path ownerOnly(Path file) throws Exception {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
