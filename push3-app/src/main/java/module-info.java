/**
 * The {@code push3} command: reads the configuration, lets Guice wire the authenticator
 * and metrics sources it names (found with {@link java.util.ServiceLoader} on the module
 * path, plugins included), and runs the server or a client command.
 *
 * <p>Exports nothing: this module is a program, not a library. Its packages are opened
 * only to Guice (injection) and picocli (option binding).
 */
module dev.push3.app {
    requires dev.push3.core;
    requires dev.push3.auth.file;
    requires com.google.guice;
    requires jakarta.inject;
    requires info.picocli;
    requires org.slf4j;

    opens dev.push3.app.cli to info.picocli;
    opens dev.push3.app.wiring to com.google.guice;
}
