/**
 * The TCP server: {@link dev.push3.core.server.Push3Server} started from
 * {@link dev.push3.core.settings.ServerSettings} and the chosen
 * {@link dev.push3.core.server.Backends}. A Java POP3 server may embed Push3 with it:
 * start a server with its own authenticator and publish counters through
 * {@link dev.push3.core.server.Push3Server#registry()}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@NullMarked
package dev.push3.core.server;

import org.apiguardian.api.API;
import org.jspecify.annotations.NullMarked;
