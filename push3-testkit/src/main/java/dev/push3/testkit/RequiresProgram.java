package dev.push3.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that runs a program which must be on the {@code PATH}.
 *
 * <p>Without it the test is reported as skipped with the reason; under
 * {@code -Dpush3.it.required=true} it runs and fails in {@link IntegrationGate}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(OutsidePartCondition.class)
public @interface RequiresProgram {
    /**
     * The program's name.
     *
     * @return for example {@code doveadm}
     */
    String value();

    /**
     * How to install it, for the skip message.
     *
     * @return for example {@code apt-get install dovecot-core}
     */
    String hint();
}
