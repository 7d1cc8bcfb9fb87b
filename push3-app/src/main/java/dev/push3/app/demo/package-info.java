/** The in-memory demo user of {@code push3 serve --demo}. */
package dev.push3.app.demo;
