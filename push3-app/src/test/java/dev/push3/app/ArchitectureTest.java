package dev.push3.app;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.push3.core.wire.Reply;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The direction of every dependency between Push3's modules, and between core's packages
 * (issue 16, item 5). The app's test class path holds every module, so the rules see them all.
 *
 * <p>Main classes only: tests may reach across (a plugin's test runs the real server). The
 * module descriptors already stop a module from reading one it does not require; these rules
 * also hold on the class path, where Push3's own tests run, and state the intent: the API
 * needs only the JDK, core knows no plugin, a plugin knows only the API.
 */
class ArchitectureTest {
    /** Test classes, also those of a test jar (push3-metrics-jmx's), are not the product. */
    private static final ImportOption MAIN_CLASSES_ONLY = location ->
            !location.contains("/test-classes/") && !location.matches(Pattern.compile(".*-tests\\.jar!?/.*"));

    private static final JavaClasses PUSH3 = new ClassFileImporter()
            .withImportOption(MAIN_CLASSES_ONLY)
            .importPackages("dev.push3");

    /** Annotations the API is compiled with ({@code requires static}), never needed to run it. */
    private static final String[] COMPILE_TIME_ANNOTATIONS = {"org.apiguardian.api..", "org.jspecify.annotations.."};

    private static final String[] PLUGINS = {
        "dev.push3.auth.file..", "dev.push3.auth.pop3..", "dev.push3.metrics.jmx..",
        "dev.push3.metrics.openmetrics..", "dev.push3.example.."};

    @Test
    void theApiDependsOnTheJdkOnly() {
        classes().that().resideInAPackage("dev.push3.api..")
                // javax.net.ssl: the support package's TrustMaterial makes trust managers (java.base).
                .should().onlyDependOnClassesThat(resideInAnyPackage("dev.push3.api..", "java..", "javax.net.ssl..")
                        .or(resideInAnyPackage(COMPILE_TIME_ANNOTATIONS)))
                .check(PUSH3);
    }

    @Test
    void coreDependsOnNeitherTheAppNorAnyPlugin() {
        noClasses().that().resideInAPackage("dev.push3.core..")
                .should().dependOnClassesThat().resideInAnyPackage(plus(PLUGINS, "dev.push3.app..", "dev.push3.passwords.."))
                .check(PUSH3);
    }

    @Test
    void theAppRequiresNoPlugin() {
        noClasses().that().resideInAPackage("dev.push3.app..")
                .should().dependOnClassesThat().resideInAnyPackage(PLUGINS)
                .because("the app finds plugins at run time, by name (ServiceLoader)")
                .check(PUSH3);
    }

    @Test
    void thePasswordSchemesDependOnNoOtherPush3Module() {
        ownAndOutsidePush3("dev.push3.passwords..").check(PUSH3);
    }

    /** A plugin sees the API and its own libraries; the file authenticator also the password schemes. */
    @ParameterizedTest
    @ValueSource(strings = {"dev.push3.auth.pop3..", "dev.push3.metrics.jmx..", "dev.push3.metrics.openmetrics..",
        "dev.push3.example.."})
    void aPluginDependsOnlyOnTheApiAndItsOwnLibraries(String plugin) {
        ownAndOutsidePush3(plugin, "dev.push3.api..").check(PUSH3);
    }

    @Test
    void theFileAuthenticatorDependsOnlyOnTheApiThePasswordSchemesAndItsOwnLibraries() {
        ownAndOutsidePush3("dev.push3.auth.file..", "dev.push3.api..", "dev.push3.passwords..").check(PUSH3);
    }

    /**
     * No cycle between core's packages: the server starts sessions, and both read the live
     * settings ({@code core.settings}), which know neither (issue 16 item 5).
     */
    @Test
    void coresPackagesAreFreeOfCycles() {
        slices().matching("dev.push3.core.(*)..").should().beFreeOfCycles().check(PUSH3);
    }

    /** A session learns its limits from the settings package, never from the server that started it. */
    @Test
    void sessionsDoNotDependOnTheServer() {
        noClasses().that().resideInAPackage("dev.push3.core.session..")
                .should().dependOnClassesThat().resideInAPackage("dev.push3.core.server..")
                .check(PUSH3);
    }

    /**
     * The server side (protocol, session, server) does not use the client library, nor the
     * client the server side: what both need of the wire ({@code Reply}) is in
     * {@code core.wire}, which needs nothing of either.
     */
    @Test
    void theServerSideDoesNotUseTheClientLibrary() {
        noClasses().that().resideInAnyPackage("dev.push3.core.protocol..", "dev.push3.core.session..",
                        "dev.push3.core.server..")
                .should().dependOnClassesThat().resideInAPackage("dev.push3.core.client..")
                .check(PUSH3);
    }

    @Test
    void theClientLibraryDoesNotUseTheServerSide() {
        noClasses().that().resideInAPackage("dev.push3.core.client..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.push3.core.protocol..",
                        "dev.push3.core.session..", "dev.push3.core.server..")
                .check(PUSH3);
    }

    @Test
    void theWireTypesDependOnTheJdkOnly() {
        classes().that().resideInAPackage("dev.push3.core.wire..")
                .should().onlyDependOnClassesThat(resideInAnyPackage("dev.push3.core.wire..", "java..")
                        .or(resideInAnyPackage(COMPILE_TIME_ANNOTATIONS)))
                .check(PUSH3);
    }

    /** Classes of {@code own} depend only on {@code own}, on {@code allowed} and on what is not Push3's. */
    private static ArchRule ownAndOutsidePush3(String own, String... allowed) {
        return classes().that().resideInAPackage(own)
                .should().onlyDependOnClassesThat(resideInAnyPackage(plus(allowed, own))
                        .or(resideOutsideOfPackage("dev.push3..")));
    }

    private static String[] plus(String[] packages, String... more) {
        String[] all = Arrays.copyOf(packages, packages.length + more.length);
        System.arraycopy(more, 0, all, packages.length, more.length);
        return all;
    }
}
