/**
 * The {@code push3} command: reads the configuration, lets Guice wire the authenticator
 * and metrics sources it names, and runs the server or a client command. In the installed
 * image the plugins are loaded from {@code $PUSH3_HOME/plugins} into a module layer above
 * the boot layer and found there with {@link java.util.ServiceLoader}.
 *
 * <p>Exports nothing: this module is a program, not a library. Its packages are opened
 * only to Guice (injection) and picocli (option binding).
 *
 * @uses dev.push3.api.auth.AuthenticatorProvider
 * @uses dev.push3.api.metrics.MetricsSourceProvider
 */
module dev.push3.app {
    requires dev.push3.core;
    requires dev.push3.passwords;
    requires com.google.guice;
    requires jakarta.inject;
    requires info.picocli;
    requires org.slf4j;
    requires org.apache.logging.log4j;
    requires org.apache.commons.text;

    opens dev.push3.app.cli to info.picocli;
    opens dev.push3.app.wiring to com.google.guice;

    uses dev.push3.api.auth.AuthenticatorProvider;
    uses dev.push3.api.metrics.MetricsSourceProvider;
}
