/**
 * The server's side of the wire format: request lines, read bounded by
 * {@link dev.push3.api.support.LineReader} to {@link dev.push3.core.protocol.RequestParser#MAX_LINE_OCTETS},
 * their grammar ({@link dev.push3.core.protocol.RequestParser}) and the writing of
 * {@linkplain dev.push3.core.wire.Reply reply lines} ({@link dev.push3.core.protocol.ReplyWriter}).
 * Internal: not exported.
 */
package dev.push3.core.protocol;
