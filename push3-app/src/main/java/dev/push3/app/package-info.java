/** The entry point of the {@code push3} program. */
package dev.push3.app;
