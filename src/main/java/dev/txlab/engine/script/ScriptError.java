package dev.txlab.engine.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * A Lua error raised by the bridge with its final message value already built (a string with
 * Lua 5.1's {@code user_script:1:} position, or a table such as redis.call's {@code {err=...}}).
 * Setting LuaJ's traceback field keeps the interpreter from rewriting the message on its way out.
 */
final class ScriptError extends LuaError {
    private static final long serialVersionUID = 1L;

    private final LuaValue value;

    ScriptError(LuaValue value) {
        super(value);
        this.value = value;
        this.traceback = value.isstring() ? value.tojstring() : "error object is a " + value.typename() + " value";
    }

    /** The error value, as pcall would return it. */
    LuaValue value() { return value; }

    @Override public synchronized Throwable fillInStackTrace() { return this; }
}
