package dev.push3.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** A test whose outside part is missing is reported as skipped, or fails when required. */
class OutsidePartConditionTest {
    private static final String ABSENT = "push3-no-such-program";
    private static final String HINT = "apt-get install nothing";

    @Test
    void aMissingProgramSkipsTheClassBeforeItsBeforeAllRuns() {
        EngineExecutionResults results = run(false);

        results.containerEvents().skipped().assertThatEvents().haveExactly(1, event(
                container(NeedsAnAbsentProgram.class),
                skippedWithReason(reason -> reason.contains(ABSENT) && reason.contains(HINT))));
        results.testEvents().assertThatEvents().isEmpty();
    }

    @Test
    void underTheRequiredPropertyTheClassRunsAndItsGateFailsIt() {
        EngineExecutionResults results = run(true);

        results.containerEvents().skipped().assertThatEvents().isEmpty();
        results.containerEvents().failed().assertThatEvents().haveExactly(1,
                event(container(NeedsAnAbsentProgram.class)));
    }

    private static EngineExecutionResults run(boolean required) {
        String before = System.getProperty(IntegrationGate.REQUIRED_PROPERTY);
        System.setProperty(IntegrationGate.REQUIRED_PROPERTY, Boolean.toString(required));
        try {
            return EngineTestKit.engine("junit-jupiter").selectors(selectClass(NeedsAnAbsentProgram.class)).execute();
        } finally {
            if (before == null) {
                System.clearProperty(IntegrationGate.REQUIRED_PROPERTY);
            } else {
                System.setProperty(IntegrationGate.REQUIRED_PROPERTY, before);
            }
        }
    }

    /** Run only through the engine test kit above (Surefire skips nested classes). */
    @RequiresProgram(value = ABSENT, hint = HINT)
    static class NeedsAnAbsentProgram {
        @BeforeAll
        static void gate() {
            IntegrationGate.requireProgram(ABSENT, HINT);
        }

        @Test
        void needsTheProgram() {
        }
    }
}
