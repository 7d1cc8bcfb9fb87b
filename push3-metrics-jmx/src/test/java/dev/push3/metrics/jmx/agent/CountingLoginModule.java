package dev.push3.metrics.jmx.agent;

import java.security.Principal;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.spi.LoginModule;

/**
 * A JAAS login module for the child JVM's JMX agent that accepts every login as
 * {@code monitorRole} and counts them: each new JMX connection logs in once, so the count
 * tells how many connections a client opened.
 */
public final class CountingLoginModule implements LoginModule {
    static final AtomicInteger LOGINS = new AtomicInteger();

    private Subject subject;

    @Override
    public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
    }

    @Override
    public boolean login() {
        LOGINS.incrementAndGet();
        return true;
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().add(new Role("monitorRole"));
        return true;
    }

    @Override
    public boolean abort() {
        return true;
    }

    @Override
    public boolean logout() {
        return true;
    }

    /** The principal the access file grants read-only access. */
    record Role(String name) implements Principal {
        @Override
        public String getName() {
            return name;
        }
    }
}
