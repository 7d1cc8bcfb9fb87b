package dev.push3.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.api.PluginConfig;
import dev.push3.api.metrics.MetricsSnapshot;
import dev.push3.api.metrics.MetricsSource;
import dev.push3.metrics.jmx.agent.ChildJvm;
import dev.push3.testkit.CapturedLog;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attributes whose values cannot travel to Push3's JVM, read from a second JVM over a real JMX
 * connector: an {@code Optional} (not serializable, as SonarQube published) and an instance of
 * a class only the agent's JVM has (as WebLogic and Tomcat publish). They are skipped and
 * logged once; every other attribute, of those MBeans and of the others, is read, and the one
 * JMX connection is kept (the agent counts its logins).
 */
class UnreadableAttributeTest {
    private static final String CHILD_ONLY_CLASS = "childonly.SocketProperties";

    @Test
    void anAttributeThatCannotTravelIsSkippedAndLoggedOnceAndTheRestIsReadOnOneConnection(@TempDir Path dir)
            throws Exception {
        Path childOnly = compileChildOnlyClass(dir.resolve("child-only"));
        Path rules = Files.writeString(dir.resolve("unreadable.rules"), """
                dev.push3.test:type=Logins     Count       test.logins
                dev.push3.test:type=Queue,*    *           test.queue.{name}.{attribute}
                dev.push3.test:type=Socket,*   Port        test.socket.{name}.port
                dev.push3.test:type=Socket,*   Properties  test.socket.{name}.properties
                """);
        try (ChildJvm child = ConnectionReuseTest.countingLogins(dir, List.of(childOnly));
             CapturedLog log = CapturedLog.start();
             MetricsSource source = new JmxSourceProvider().create(PluginConfig.of(Map.of(
                     "metrics.jmx.url", child.url(),
                     "metrics.jmx.user", "monitorRole",
                     "metrics.jmx.password", "any",
                     "metrics.jmx.presets", "james-pop3",
                     "metrics.jmx.rules", rules.toString())))) {
            child.send("unreadable " + CHILD_ONLY_CLASS);

            for (int i = 0; i < 3; i++) {
                MetricsSnapshot snapshot = source.collect();
                assertThat(snapshot.asStringMap())
                        .containsEntry("test.queue.compute.pending_count", BigDecimal.valueOf(7))
                        .containsEntry("test.socket.http.port", BigDecimal.valueOf(8080))
                        .containsEntry("pop3.pop3server.maximum_concurrent_connections", BigDecimal.valueOf(100))
                        .containsEntry("test.logins", BigDecimal.ONE);
            }

            assertThat(log.linesContaining("WARN")).satisfiesExactlyInAnyOrder(
                    line -> assertThat(line).endsWith("JMX attribute WorkerUuids of MBean"
                            + " dev.push3.test:type=Queue,name=compute cannot be read, so it is skipped from now on:"
                            + " its value's class java.util.Optional is not serializable"),
                    line -> assertThat(line).endsWith("JMX attribute Properties of MBean"
                            + " dev.push3.test:type=Socket,name=http cannot be read, so it is skipped from now on:"
                            + " its value's class " + CHILD_ONLY_CLASS + " is not known to this JVM"));
        }
    }

    /** Compiles a serializable class into a directory that only the child JVM gets on its class path. */
    private static Path compileChildOnlyClass(Path dir) throws IOException, InterruptedException {
        Path source = Files.createDirectories(dir.resolve("src/childonly")).resolve("SocketProperties.java");
        Files.writeString(source, """
                package childonly;

                public class SocketProperties implements java.io.Serializable {
                    private static final long serialVersionUID = 1L;
                    public int bufferSize = 8192;
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        Process process = new ProcessBuilder(javac.toString(), "-d", classes.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("javac " + source + " failed: " + output);
        }
        return classes;
    }
}
