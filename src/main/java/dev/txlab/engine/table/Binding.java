package dev.txlab.engine.table;

import dev.txlab.protocol.Reply;

/**
 * What txlab adds to a row Redis describes: the implementation, and txlab's own notes. Command
 * classes declare one binding per command they implement ({@code bind("get", StringCommands::get)});
 * everything else about the command comes from the recorded table.
 *
 * @param name              full lower-case name, {@code config|get} for a subcommand
 * @param teaching          a note for learners, or null
 * @param skipsQueue        see {@link CommandSpec#runsAtOnceInMulti()}
 * @param whileSubscribed   see {@link CommandSpec#allowedInSubscribedMode()}
 * @param blocksUnflagged   blocks although Redis does not flag it (WAIT)
 * @param simulated         false for the stand-in of a command txlab does not implement yet
 */
public record Binding(String name, CommandSpec.Implementation implementation, String teaching,
                      boolean skipsQueue, boolean whileSubscribed, boolean blocksUnflagged, boolean simulated) {

    /** Binds a command name to its implementation. */
    public static Binding bind(String name, CommandSpec.Implementation implementation) {
        return new Binding(name, implementation, null, false, false, false, true);
    }

    public Binding teaching(String note) {
        return new Binding(name, implementation, note, skipsQueue, whileSubscribed, blocksUnflagged, simulated);
    }

    public Binding runsAtOnceInMulti() {
        return new Binding(name, implementation, teaching, true, whileSubscribed, blocksUnflagged, simulated);
    }

    public Binding blocks() {
        return new Binding(name, implementation, teaching, skipsQueue, whileSubscribed, true, simulated);
    }

    public Binding allowedInSubscribedMode() {
        return new Binding(name, implementation, teaching, skipsQueue, true, blocksUnflagged, simulated);
    }

    /**
     * The stand-in for a command txlab does not simulate yet: queued in MULTI like any other,
     * it answers one line that says so, never "unknown command".
     */
    static Binding notSimulated(String name) {
        String display = name.replace('|', ' ').toUpperCase(java.util.Locale.ROOT);
        Reply.Error error = Reply.error("ERR txlab does not simulate " + display + " yet (Redis 7.0 has it)");
        return new Binding(name, ctx -> error, null, false, false, false, false);
    }
}
