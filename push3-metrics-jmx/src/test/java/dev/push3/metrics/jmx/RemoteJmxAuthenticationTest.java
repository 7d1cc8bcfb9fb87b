package dev.push3.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.api.metrics.MetricsUnavailableException;
import dev.push3.metrics.jmx.agent.ChildJvm;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDK agent with its password and access files, as a James server is usually run. */
class RemoteJmxAuthenticationTest {
    private static final String PASSWORD = "Pop3-Jmx-s3cret";
    private static final String WRONG_PASSWORD = "not-the-Pop3-password";

    @TempDir
    static Path dir;
    private static ChildJvm child;

    @BeforeAll
    static void startAgent() throws Exception {
        Path passwords = ConnectionReuseTest.ownerOnly(
                Files.writeString(dir.resolve("jmxremote.password"), "monitorRole " + PASSWORD + "\n"));
        Path access = ConnectionReuseTest.ownerOnly(
                Files.writeString(dir.resolve("jmxremote.access"), "monitorRole readonly\n"));
        child = ChildJvm.start(List.of(
                "-Dcom.sun.management.jmxremote.authenticate=true",
                "-Dcom.sun.management.jmxremote.ssl=false",
                "-Dcom.sun.management.jmxremote.password.file=" + passwords,
                "-Dcom.sun.management.jmxremote.access.file=" + access));
    }

    @AfterAll
    static void stopAgent() {
        child.close();
    }

    private static MetricsSource source(Map<String, String> credentials) {
        Map<String, String> keys = new HashMap<>(credentials);
        keys.put("metrics.jmx.url", child.url());
        return new JmxSourceProvider().create(PluginConfig.of(keys));
    }

    @Test
    void readsWithTheRightPassword() throws Exception {
        try (MetricsSource source = source(Map.of("metrics.jmx.user", "monitorRole", "metrics.jmx.password", PASSWORD))) {
            assertThat(source.collect().get("pop3.pop3server.maximum_concurrent_connections"))
                    .contains(BigDecimal.valueOf(100));
        }
    }

    @Test
    void aWrongPasswordIsReportedWithoutTheSecret() {
        try (MetricsSource source = source(Map.of("metrics.jmx.user", "monitorRole",
                "metrics.jmx.password", WRONG_PASSWORD))) {
            MetricsUnavailableException e = catchThrowableOfType(MetricsUnavailableException.class, source::collect);
            assertThat(e).hasMessageContaining("as user 'monitorRole' refused the connection")
                    .hasMessageEndingWith("; check metrics.jmx.user and metrics.jmx.password");
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(WRONG_PASSWORD).doesNotContain(PASSWORD);
            }
        }
    }

    @Test
    void noCredentialsIsRefused() {
        try (MetricsSource source = source(Map.of())) {
            assertThat(catchThrowableOfType(MetricsUnavailableException.class, source::collect))
                    .hasMessageContaining("refused the connection");
        }
    }
}
