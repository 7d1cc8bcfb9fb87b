/**
 * The TCP server: {@link dev.push3.core.server.Push3Server} started from
 * {@link dev.push3.core.server.ServerSettings} and the chosen
 * {@link dev.push3.core.server.Backends}. Exported to the application module only.
 */
package dev.push3.core.server;
