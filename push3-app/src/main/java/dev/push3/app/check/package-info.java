/**
 * {@code push3 check}'s logic after the Monitoring Plugins development guidelines: threshold
 * ranges, states and the one status line with performance data. The command itself is in
 * {@code dev.push3.app.cli}.
 */
package dev.push3.app.check;
