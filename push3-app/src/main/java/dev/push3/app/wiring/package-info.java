/**
 * The Guice object graph: configuration, server settings, and the authenticator and
 * metrics sources chosen by name from the providers {@link java.util.ServiceLoader} finds.
 */
package dev.push3.app.wiring;
