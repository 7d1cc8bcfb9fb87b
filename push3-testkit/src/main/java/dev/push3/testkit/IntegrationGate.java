package dev.push3.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Decides whether an integration test that needs an outside part (a Docker engine, an
 * image, a program such as {@code doveadm}) may run.
 *
 * <p>On a developer machine without that part the test is skipped. When the system
 * property {@code push3.it.required} is {@code true} (CI sets it) a missing part fails the
 * test instead, so CI can never go green by skipping.
 *
 * <p>Mark such a test class {@link RequiresDocker} or {@link RequiresProgram} as well: its
 * gate then decides before {@code @BeforeAll}, and a skip is counted as one.
 */
public final class IntegrationGate {
    /** The system property that turns a skip into a failure. */
    public static final String REQUIRED_PROPERTY = "push3.it.required";

    private IntegrationGate() {
    }

    /**
     * Runs the test only when {@code present} is true.
     *
     * @param present whether the part is there
     * @param missing what is missing and how to provide it, for the skip or failure message
     */
    public static void require(boolean present, String missing) {
        if (present) {
            return;
        }
        if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
            Assertions.fail("Integration test cannot run and " + REQUIRED_PROPERTY + "=true: " + missing);
        }
        Assumptions.abort("Skipped, " + missing + " (set -D" + REQUIRED_PROPERTY + "=true to fail instead)");
    }

    /**
     * Requires a running Docker engine that has the given local image.
     *
     * @param image the image, for example {@code push3-test/dovecot:2.3}
     */
    public static void requireDockerImage(String image) {
        missingDockerImage(image).ifPresent(missing -> require(false, missing));
    }

    /**
     * Requires a program on the {@code PATH}.
     *
     * @param program the program's name, for example {@code doveadm}
     * @param hint how to install it
     */
    public static void requireProgram(String program, String hint) {
        missingProgram(program, hint).ifPresent(missing -> require(false, missing));
    }

    /**
     * Tells what keeps a container test from running.
     *
     * @param image the image the test starts
     * @return what is missing and how to provide it; empty when the engine answers and has
     *     the image
     */
    static Optional<String> missingDockerImage(String image) {
        if (!dockerAnswers("info")) {
            return Optional.of("no Docker engine answers (start dockerd, see .ci/run)");
        }
        if (!dockerAnswers("image", "inspect", image)) {
            return Optional.of("Docker image " + image + " is missing (build it with docker/dovecot/build-image.sh)");
        }
        return Optional.empty();
    }

    /**
     * Tells whether a program is missing from the {@code PATH}.
     *
     * @param program the program's name
     * @param hint how to install it
     * @return the message for a skip or failure; empty when the program is there
     */
    static Optional<String> missingProgram(String program, String hint) {
        return onPath(program) ? Optional.empty() : Optional.of(program + " is not on the PATH (" + hint + ")");
    }

    /**
     * Tells whether a program is on the {@code PATH}.
     *
     * @param program the program's name, or an absolute path for a program kept off the
     *     {@code PATH} (Debian's monitoring plugins are in {@code /usr/lib/nagios/plugins})
     * @return true when an executable of that name is found
     */
    public static boolean onPath(String program) {
        if (program.startsWith("/")) {
            return Files.isExecutable(Path.of(program));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static boolean dockerAnswers(String... args) {
        if (!onPath("docker")) {
            return false;
        }
        String[] command = new String[args.length + 1];
        command[0] = "docker";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
