package dev.push3.testkit;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Disables a test marked {@link RequiresDocker} or {@link RequiresProgram} when its outside
 * part is missing, so that it is counted as skipped; enables it whatever is missing when
 * {@value IntegrationGate#REQUIRED_PROPERTY} is true, so that CI fails instead.
 */
final class OutsidePartCondition implements ExecutionCondition {
    /** Asking Docker takes a process start; the answer does not change within one test run. */
    private static final ConcurrentMap<String, Optional<String>> MISSING = new ConcurrentHashMap<>();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Boolean.getBoolean(IntegrationGate.REQUIRED_PROPERTY)) {
            return ConditionEvaluationResult.enabled(IntegrationGate.REQUIRED_PROPERTY + "=true");
        }
        Optional<String> missing = context.getElement().flatMap(element -> AnnotationSupport
                .findAnnotation(element, RequiresDocker.class)
                .flatMap(docker -> MISSING.computeIfAbsent("docker " + docker.image(),
                        key -> IntegrationGate.missingDockerImage(docker.image())))
                .or(() -> AnnotationSupport.findAnnotation(element, RequiresProgram.class)
                        .flatMap(program -> MISSING.computeIfAbsent("program " + program.value(),
                                key -> IntegrationGate.missingProgram(program.value(), program.hint())))));
        return missing.map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("outside parts present"));
    }
}
