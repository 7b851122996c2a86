package dev.txlab.engine.script;

/**
 * The lab stops a script that ran past its time limit or was interrupted (Ctrl-C). It is an
 * {@link Error}, not a Lua error, so that neither LuaJ's interpreter nor pcall in the script can
 * catch it; only the script runner does.
 */
final class ScriptStopped extends Error {
    private static final long serialVersionUID = 1L;

    final CallTracker.StopReason reason;

    ScriptStopped(CallTracker.StopReason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }
}
