package dev.push3.core.session;

import java.util.List;

/** The two protocol states, and the commands each allows (what CAPA lists). */
public enum SessionState {
    /** After connect, until a LOGIN succeeds. */
    AUTHENTICATION(List.of("CAPA", "FINISH", "LOGIN", "QUIT")),
    /** After a successful LOGIN. */
    TRANSACTION(List.of("CAPA", "FINISH", "METRICS", "QUIT"));

    private final List<String> commands;

    SessionState(List<String> commands) {
        this.commands = commands;
    }

    /**
     * Returns the commands valid in this state, sorted.
     *
     * @return the command names; never null
     */
    public List<String> commands() {
        return commands;
    }
}
