/**
 * Help for implementers of plugins that talk to a network peer, as JUnit's {@code support}
 * packages help engine authors: a line reader bounded in length and time
 * ({@link dev.push3.api.support.LineReader}) and the loading of trust material for TLS clients
 * ({@link dev.push3.api.support.TrustMaterial}). Push3's own server and client use the same
 * classes, so a plugin's POP3 or JMX client and Push3 follow one set of rules and give one
 * set of messages.
 *
 * <p>Not part of the SPI: a plugin need not use it. Here, in the module every plugin already
 * requires, rather than in a module of its own, so that a plugin still requires only
 * {@code dev.push3.api}; like the rest of the API it depends on the JDK only.
 */
@API(status = API.Status.MAINTAINED, since = "0.2")
@NullMarked
package dev.push3.api.support;

import org.apiguardian.api.API;
import org.jspecify.annotations.NullMarked;
