/**
 * The lines both sides of a Push3 connection exchange, as types: {@link dev.push3.core.wire.Reply}
 * is what the server writes and the client reads.
 *
 * <p>A package of its own, exported, rather than the client's or the server's: the server's
 * protocol code and the client library both depend on it and on nothing of each other, so
 * every arrow between them points one way (issue 16, item 5). The request side stays in the
 * server's internal protocol package: only the server parses requests; the client writes
 * them as text. Depends on the JDK only.
 */
@API(status = API.Status.STABLE, since = "0.2")
@NullMarked
package dev.push3.core.wire;

import org.apiguardian.api.API;
import org.jspecify.annotations.NullMarked;
