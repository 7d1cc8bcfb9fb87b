/**
 * A blocking client for the Push3 protocol, for operators' tools and scripts:
 * {@link dev.push3.core.client.Push3Client} sends requests and reads
 * {@link dev.push3.core.wire.Reply} lines, each at most
 * {@link dev.push3.core.client.Push3Client#MAX_REPLY_OCTETS} long.
 */
@API(status = API.Status.STABLE, since = "0.1")
@NullMarked
package dev.push3.core.client;

import org.apiguardian.api.API;
import org.jspecify.annotations.NullMarked;
