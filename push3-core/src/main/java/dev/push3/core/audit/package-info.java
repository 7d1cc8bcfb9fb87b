/**
 * The audit trail: one line per security event on the {@code push3.audit} logger, for
 * operators to route to a file of its own. Internal to the server.
 */
package dev.push3.core.audit;
