package dev.txlab.engine.script;

/**
 * The lab stops a script that ran past its time limit, was interrupted (Ctrl-C), held more memory
 * than the lab allows or started too many coroutines. It is an {@link Error}, not a Lua error, so
 * that neither LuaJ's interpreter nor pcall in the script can catch it; only the script runner does.
 */
final class ScriptStopped extends Error {
    private static final long serialVersionUID = 1L;

    final CallTracker.StopReason reason;
    /** Why, for the reasons whose message needs more than the reason (MEMORY, COROUTINES). */
    final String detail;

    ScriptStopped(CallTracker.StopReason reason, String detail) {
        super(reason.name(), null, false, false);
        this.reason = reason;
        this.detail = detail;
    }
}
