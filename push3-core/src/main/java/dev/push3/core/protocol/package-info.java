/**
 * The wire format: bounded request lines ({@link dev.push3.core.protocol.LineReader}),
 * their grammar ({@link dev.push3.core.protocol.RequestParser}) and reply lines
 * ({@link dev.push3.core.protocol.ReplyWriter}). Internal: not exported.
 */
package dev.push3.core.protocol;
