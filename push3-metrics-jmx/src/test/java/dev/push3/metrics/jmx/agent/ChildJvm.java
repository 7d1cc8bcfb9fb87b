package dev.push3.metrics.jmx.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running {@link AgentMain} with the JDK's JMX agent listening on a loopback
 * port (registry and connection on the same port), driven through its standard input.
 * Shared with push3-app's launcher tests through this module's test jar.
 */
public final class ChildJvm implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> PLAIN = List.of("-Dcom.sun.management.jmxremote.authenticate=false",
            "-Dcom.sun.management.jmxremote.ssl=false");

    private final Process process;
    private final int port;
    private final PrintWriter commands;
    private final BlockingQueue<String> output = new LinkedBlockingQueue<>();

    private ChildJvm(Process process, int port) {
        this.process = process;
        this.port = port;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread.ofVirtual().name("child-jvm-output").start(this::pumpOutput);
    }

    /**
     * Starts a child JVM on a free port and waits until its MBeans are registered. The JDK's
     * agent cannot report a port it picked itself, so a port is picked here; another process
     * may take it before the child binds it, so that case is retried with another port.
     *
     * @param agentOptions {@code -Dcom.sun.management.jmxremote.*} options beyond port and host
     */
    public static ChildJvm start(List<String> agentOptions) throws IOException, InterruptedException {
        return start(agentOptions, List.of());
    }

    /**
     * Starts a child JVM and waits until its MBeans are registered.
     *
     * @param port the JMX port
     * @param agentOptions {@code -Dcom.sun.management.jmxremote.*} options beyond port and host
     */
    public static ChildJvm start(int port, List<String> agentOptions) throws IOException, InterruptedException {
        return start(port, agentOptions, List.of());
    }

    /**
     * Starts a child JVM on a free port, with more class path entries than this JVM has, and
     * waits until its MBeans are registered.
     *
     * @param agentOptions {@code -Dcom.sun.management.jmxremote.*} options beyond port and host
     * @param childOnly directories or jars only the child has on its class path
     */
    public static ChildJvm start(List<String> agentOptions, List<Path> childOnly)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return start(freePort(), agentOptions, childOnly);
            } catch (BindException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static ChildJvm start(int port, List<String> agentOptions, List<Path> childOnly)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dcom.sun.management.jmxremote.port=" + port,
                "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Djava.rmi.server.hostname=127.0.0.1"));
        command.addAll(agentOptions);
        StringBuilder classPath = new StringBuilder(testClasses());
        childOnly.forEach(entry -> classPath.append(java.io.File.pathSeparator).append(entry));
        command.addAll(List.of("-cp", classPath.toString(), AgentMain.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ChildJvm child = new ChildJvm(process, port);
        try {
            child.expect("READY", START_TIMEOUT);
        } catch (IllegalStateException e) {
            child.close();
            if (e.getMessage().contains("Port already in use")) {
                throw (BindException) new BindException("port " + port + " was taken before the child bound it")
                        .initCause(e);
            }
            throw e;
        }
        return child;
    }

    /** The plain agent (no authentication, no TLS) on a free port. */
    public static ChildJvm startPlain() throws IOException, InterruptedException {
        return start(PLAIN);
    }

    /** The plain agent: no authentication, no TLS. */
    public static ChildJvm startPlain(int port) throws IOException, InterruptedException {
        return start(port, PLAIN);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi";
    }

    public long pid() {
        return process.pid();
    }

    /** Sends a command and waits for its {@code OK}. */
    public void send(String command) throws InterruptedException {
        commands.println(command);
        expect("OK", Duration.ofSeconds(10));
    }

    /** Kills the JVM at once (SIGKILL) and waits for it to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Stops the JDK's JMX agent with {@code jcmd ManagementAgent.stop}: its listening
     * sockets close, so another agent can bind the port, while open connections stay open.
     */
    public void stopAgent() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process stop = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "ManagementAgent.stop")
                .redirectErrorStream(true).start();
        String said = new String(stop.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (stop.waitFor() != 0) {
            throw new IOException("jcmd " + pid() + " ManagementAgent.stop failed: " + said);
        }
    }

    /** Stops (SIGSTOP) or continues (SIGCONT) the JVM: a frozen agent accepts TCP but never answers. */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + pid() + " failed");
        }
    }

    private void expect(String wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline && (process.isAlive() || !output.isEmpty())) {
            String line = output.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.equals(wanted)) {
                return;
            }
            if (line != null) {
                seen.add(line);
            }
        }
        throw new IllegalStateException("child JVM did not print " + wanted + " within " + timeout
                + " (alive: " + process.isAlive() + "); it printed: " + seen);
    }

    private void pumpOutput() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
            }
        } catch (IOException e) {
            output.add("(output closed: " + e + ")");
        }
    }

    private static String testClasses() {
        try {
            return Path.of(AgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    @Override
    public void close() {
        commands.close();
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
