package dev.push3.metrics.jmx;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServerConnection;

/** The platform MBean server of this JVM: always there, nothing to open or close. */
final class PlatformAccess implements MBeanServerAccess {
    @Override
    public MBeanServerConnection connection() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    @Override
    public void discard(MBeanServerConnection used) {
    }

    @Override
    public void close() {
    }
}
