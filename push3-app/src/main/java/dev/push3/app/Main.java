package dev.push3.app;

import dev.push3.app.cli.Push3Command;
import dev.push3.app.cli.ServeCommand;

/** The {@code push3} program. */
public final class Main {
    private Main() {
    }

    /**
     * Runs a {@code push3} command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(ServeCommand.NAME)) {
            Logging.startInBackground(); // while picocli reads the command line (Logging)
        }
        int status = Push3Command.commandLine(args).execute(args);
        Logging.stop();
        System.exit(status);
    }
}
