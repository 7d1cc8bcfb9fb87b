/**
 * The authenticator SPI: how a {@code LOGIN user pass} request is checked.
 *
 * <p>Implement {@link dev.push3.api.auth.AuthenticatorProvider} and
 * {@link dev.push3.api.auth.Authenticator}; return one of the
 * {@link dev.push3.api.auth.AuthOutcome} cases for every attempt.
 */
@API(status = API.Status.STABLE, since = "0.1")
@NullMarked
package dev.push3.api.auth;

import org.apiguardian.api.API;
import org.jspecify.annotations.NullMarked;
