package dev.push3.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.push3.core.client.Push3Client;
import dev.push3.core.server.Push3Server;
import dev.push3.core.wire.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A plugin's changeable keys over CONFIG (OpenMetrics and JMX) (the SPI's {@code changeableConfigKeys} and
 * {@code reconfigure}): the OpenMetrics source's {@code exclude} changes the next METRICS
 * reply of a real server reading a real HTTP endpoint; its URL needs a restart; a bad
 * {@code min-interval} gets the plugin's own start-up message and changes nothing.
 */
class PluginConfigChangeTest {
    @TempDir
    Path dir;

    /** A real HTTP/1.1 endpoint on loopback that answers every request with the same body and closes. */
    private ServerSocket endpoint;

    @AfterEach
    void stop() throws IOException {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private String startEndpoint() throws IOException {
        endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        byte[] body = "# TYPE a counter\na_total 1\n# TYPE b counter\nb_total 2\n".getBytes(StandardCharsets.UTF_8);
        Thread.ofVirtual().start(() -> {
            while (!endpoint.isClosed()) {
                try (Socket client = endpoint.accept()) {
                    BufferedReader request = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                    for (String line = request.readLine(); line != null && !line.isEmpty(); line = request.readLine()) {
                        // the request line and headers; the body is the same whatever was asked
                    }
                    client.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n"
                            + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    client.getOutputStream().write(body);
                } catch (IOException e) {
                    // closed by the test, or a client that went away
                }
            }
        });
        return "http://127.0.0.1:" + endpoint.getLocalPort() + "/metrics";
    }

    @Test
    void theOpenMetricsExcludeChangesTheNextReplyAndItsUrlNeedsARestart() throws IOException {
        String url = startEndpoint();
        Path users = Files.writeString(dir.resolve("users"), "root:{PLAIN}rootpw\n");
        Path config = Files.write(dir.resolve("push3.properties"), List.of("auth.file.path=" + users, "auth.admins=root",
                "metrics.sources=openmetrics", "metrics.openmetrics.url=" + url, "metrics.openmetrics.min-interval=0s"));
        try (Push3Server server = serve(config);
                Push3Client root = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            assertThat(root.login("root", "rootpw").success()).isTrue();
            assertThat(root.metrics()).containsEntry("a.total", BigDecimal.ONE).containsEntry("b.total", BigDecimal.TWO);

            assertThat(root.send("CONFIG metrics.openmetrics.exclude b_*"))
                    .isEqualTo(new Reply.Success("metrics.openmetrics.exclude=b_* (was not set)"));
            assertThat(root.metrics()).containsEntry("a.total", BigDecimal.ONE).doesNotContainKey("b.total")
                    .containsEntry("openmetrics.up", BigDecimal.ONE);

            assertThat(root.send("CONFIG metrics.openmetrics.url http://127.0.0.1:1/metrics"))
                    .isEqualTo(new Reply.Fail("metrics.openmetrics.url needs a restart"));
            Reply bad = root.send("CONFIG metrics.openmetrics.min-interval soon");
            assertThat(bad.success()).isFalse();
            assertThat(bad.text()).startsWith("metrics.openmetrics.min-interval: ");
            assertThat(root.send("CONFIG metrics.openmetrics.min-interval")).isEqualTo(
                    new Reply.Success("metrics.openmetrics.min-interval=0s"));
            assertThat(Files.readAllLines(config)).contains("metrics.openmetrics.exclude=b_*");
        }
    }

    /** The JMX source reads this JVM's platform MBeans (no agent URL); its rules file changes at run time. */
    @Test
    void theJmxRulesFileChangesTheNextReplyAndABadOneIsRefusedWithItsStartUpMessage() throws IOException {
        Path users = Files.writeString(dir.resolve("users"), "root:{PLAIN}rootpw\n");
        Path first = Files.writeString(dir.resolve("first.rules"), "java.lang:type=Threading  ThreadCount  test.first.threads\n");
        Path second = Files.writeString(dir.resolve("second.rules"), "java.lang:type=Threading  ThreadCount  test.second.threads\n");
        Path broken = Files.writeString(dir.resolve("broken.rules"), "java.lang:type=Threading\n");
        Path config = Files.write(dir.resolve("push3.properties"), List.of("auth.file.path=" + users, "auth.admins=root",
                "metrics.sources=jmx", "metrics.jmx.presets=none", "metrics.jmx.rules=" + first));
        try (Push3Server server = serve(config);
                Push3Client root = Push3Client.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            assertThat(root.login("root", "rootpw").success()).isTrue();
            assertThat(root.metrics()).containsKey("test.first.threads").doesNotContainKey("test.second.threads");

            Reply bad = root.send("CONFIG metrics.jmx.rules " + broken);
            assertThat(bad.success()).isFalse();
            assertThat(bad.text()).startsWith("metrics.jmx.rules: ").contains(broken.toString());
            assertThat(root.metrics()).containsKey("test.first.threads");

            assertThat(root.send("CONFIG metrics.jmx.rules " + second))
                    .isEqualTo(new Reply.Success("metrics.jmx.rules=" + second + " (was " + first + ")"));
            assertThat(root.metrics()).containsKey("test.second.threads").doesNotContainKey("test.first.threads")
                    .containsEntry("jmx.up", BigDecimal.ONE);
            assertThat(root.send("CONFIG metrics.jmx.url service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi"))
                    .isEqualTo(new Reply.Fail("metrics.jmx.url needs a restart"));
        }
    }

    private static Push3Server serve(Path config) throws IOException {
        CommandLine commandLine = Push3Command.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));
        ServeCommand serve = commandLine.parseArgs("serve", "--config", config.toString(), "--port", "0")
                .subcommand().commandSpec().commandLine().getCommand();
        return serve.start();
    }
}
