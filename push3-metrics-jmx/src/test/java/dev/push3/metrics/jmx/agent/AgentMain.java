package dev.push3.metrics.jmx.agent;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * The child JVM of the remote tests. Started with the JDK's own JMX agent
 * ({@code -Dcom.sun.management.jmxremote.port=...}), it registers a James-shaped POP3
 * server MBean, prints {@code READY}, then obeys commands on standard input, answering
 * {@code OK} to each: {@code connect}, {@code disconnect}, {@code pools N} (registers N
 * {@code dev.push3.test:type=Pool,name=poolI} MBeans), {@code listener NAME} (registers a second
 * POP3 server MBean named NAME, maximum 50). It also registers
 * {@code dev.push3.test:type=Logins} with the count of {@link CountingLoginModule} logins.
 * {@code unreadable CLASS} registers {@code dev.push3.test:type=Queue,name=compute} (a
 * {@link QueueMBean}, pending count 7) and {@code dev.push3.test:type=Socket,name=http} (a
 * {@link SocketMBean}, port 8080, whose properties are an instance of CLASS, a class that
 * must be on this JVM's class path only). It exits when standard input closes.
 */
public final class AgentMain {
    public static final String POP3_SERVER = "org.apache.james:type=server,name=pop3server";

    private AgentMain() {
    }

    public static void main(String[] args) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        JamesLikePop3Server pop3 = new JamesLikePop3Server(Integer.parseInt(args.length > 0 ? args[0] : "100"));
        server.registerMBean(new StandardMBean(pop3, ServerMBean.class), new ObjectName(POP3_SERVER));
        LoginsMBean logins = CountingLoginModule.LOGINS::get;
        server.registerMBean(new StandardMBean(logins, LoginsMBean.class), new ObjectName("dev.push3.test:type=Logins"));
        System.out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.strip().split(" ");
            switch (words[0]) {
                case "connect" -> pop3.connect();
                case "disconnect" -> pop3.disconnect();
                case "pools" -> registerPools(server, Integer.parseInt(words[1]));
                case "unreadable" -> registerUnreadable(server, Class.forName(words[1]));
                case "listener" -> server.registerMBean(new StandardMBean(new JamesLikePop3Server(50), ServerMBean.class),
                        new ObjectName("org.apache.james:type=server,name=" + words[1]));
                default -> {
                    System.out.println("UNKNOWN " + line);
                    continue;
                }
            }
            System.out.println("OK");
        }
    }

    private static void registerUnreadable(MBeanServer server, Class<?> childOnly) throws Exception {
        Object properties = childOnly.getConstructor().newInstance();
        QueueMBean queue = new QueueMBean() {
            @Override
            public long getPendingCount() {
                return 7;
            }

            @Override
            public Optional<String> getWorkerUuids() {
                return Optional.of("AXw-worker-1");
            }
        };
        server.registerMBean(new StandardMBean(queue, QueueMBean.class),
                new ObjectName("dev.push3.test:type=Queue,name=compute"));
        SocketMBean socket = new SocketMBean() {
            @Override
            public int getPort() {
                return 8080;
            }

            @Override
            public Object getProperties() {
                return properties;
            }
        };
        server.registerMBean(new StandardMBean(socket, SocketMBean.class),
                new ObjectName("dev.push3.test:type=Socket,name=http"));
    }

    private static void registerPools(MBeanServer server, int count) throws Exception {
        for (int i = 1; i <= count; i++) {
            server.registerMBean(new StandardMBean(new Pool(i * 10, i % 2 == 0), PoolMBean.class),
                    new ObjectName("dev.push3.test:type=Pool,name=pool" + i));
        }
    }
}
