/**
 * One client connection: the session loop, its state, and what it calls to authenticate
 * and to collect metrics. Internal: not exported.
 */
package dev.push3.core.session;
