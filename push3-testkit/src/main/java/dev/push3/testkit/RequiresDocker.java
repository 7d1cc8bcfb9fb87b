package dev.push3.testkit;

import dev.push3.testkit.dovecot.DovecotServer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs a Docker engine with a local image.
 *
 * <p>Without them the test is reported as <em>skipped</em> with the reason, before any
 * {@code @BeforeAll} runs, so a machine without Docker shows every container test in its
 * skip count instead of dropping it. Under {@code -Dpush3.it.required=true} the test runs
 * anyway and fails in {@link IntegrationGate}, naming what is missing.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(OutsidePartCondition.class)
public @interface RequiresDocker {
    /**
     * The image the test starts.
     *
     * @return an image name with its tag; the Dovecot test image by default
     */
    String image() default DovecotServer.IMAGE;
}
