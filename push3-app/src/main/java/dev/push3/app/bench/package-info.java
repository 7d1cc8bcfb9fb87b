/**
 * The load engine behind {@code push3 bench}: closed-loop clients on plain blocking sockets
 * that speak Push3 or, as a yardstick, the Redis protocol (RESP), and report ops/s and
 * latency percentiles. Talks only to the server it is pointed at; uses nothing of the server
 * side, so it measures any Push3 server.
 */
package dev.push3.app.bench;
