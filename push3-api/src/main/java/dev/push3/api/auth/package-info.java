/**
 * The authenticator SPI: how a {@code LOGIN user pass} request is checked.
 *
 * <p>Implement {@link dev.push3.api.auth.AuthenticatorProvider} and
 * {@link dev.push3.api.auth.Authenticator}; return one of the
 * {@link dev.push3.api.auth.AuthOutcome} cases for every attempt.
 */
package dev.push3.api.auth;
