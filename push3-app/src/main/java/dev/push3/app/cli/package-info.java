/** The {@code push3} command line: one picocli command class per subcommand. */
package dev.push3.app.cli;
