package dev.push3.metrics.jmx.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The fixture itself: a port taken before the child binds it is told apart, so it can be retried. */
class ChildJvmTest {

    @Test
    void aTakenPortIsABindExceptionAndAFreeOneIsFoundAnyway() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertThatThrownBy(() -> ChildJvm.startPlain(taken.getLocalPort())).isInstanceOf(BindException.class);
        }
        try (ChildJvm child = ChildJvm.startPlain()) {
            assertThat(child.port()).isPositive();
        }
    }
}
