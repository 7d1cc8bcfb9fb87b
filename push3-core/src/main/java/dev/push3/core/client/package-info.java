/**
 * A blocking client for the Push3 protocol, for operators' tools and scripts:
 * {@link dev.push3.core.client.Push3Client} sends requests and reads
 * {@link dev.push3.core.client.Reply} lines.
 */
package dev.push3.core.client;
