package dev.txlab.engine.script;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * Builds the Lua errors the bridge raises, with Lua 5.1's positions: {@code luaG_runerror} and
 * {@code luaL_error} prefix {@code <chunk>:<line>: } when the code that caused the error is a Lua
 * function, and nothing when it is a C function (a library function called through pcall ...).
 */
final class Raise {
    private Raise() {}

    /** An error at a Lua function's current line (VM errors, luaL_error called from Lua). */
    static ScriptError positioned(CallTracker tracker, CallTracker.Frame at, String message) {
        return positioned(tracker, at, LuaValue.valueOf(message));
    }

    static ScriptError positioned(CallTracker tracker, CallTracker.Frame at, LuaString message) {
        LuaValue value = at == null ? message : where(at).concat(message).strvalue();
        return raised(tracker, new ScriptError(value));
    }

    /** An error value raised as is (error(v, 0), a table, an error raised by a C function). */
    static ScriptError plain(CallTracker tracker, LuaValue value) {
        return raised(tracker, new ScriptError(value));
    }

    /**
     * An error a library function {@code fn} raises as is. Redis's error handler reports where it
     * happened as the function's caller: the Lua function that called it, or {@code =[C]:-1} when
     * another C function did (table.sort, gsub, pcall calling it).
     */
    static ScriptError plainFrom(CallTracker tracker, LuaValue fn, LuaValue value) {
        ScriptError e = raised(tracker, new ScriptError(value));
        if (directCaller(tracker, fn) == null) tracker.recordOrigin(CallTracker.Origin.C);
        return e;
    }

    private static ScriptError raised(CallTracker tracker, ScriptError e) {
        tracker.recordOrigin(tracker.top());
        tracker.recordRaised(e);
        return e;
    }

    /**
     * luaL_error from inside a library function {@code fn}: positioned at the Lua caller when a
     * Lua function (or the VM, for a metamethod) called {@code fn} directly, plain otherwise.
     */
    static ScriptError fromFunction(CallTracker tracker, LuaValue fn, String message) {
        return fromFunction(tracker, fn, LuaValue.valueOf(message));
    }

    static ScriptError fromFunction(CallTracker tracker, LuaValue fn, LuaString message) {
        CallTracker.Frame caller = directCaller(tracker, fn);
        return caller != null ? positioned(tracker, caller, message) : plainFrom(tracker, fn, message);
    }

    /** The Lua function that called {@code fn} directly, or null when a C function did. */
    static CallTracker.Frame directCaller(CallTracker tracker, LuaValue fn) {
        CallTracker.Frame top = tracker.top();
        if (top == null) return null;
        if (!top.isInCall() && !top.tail) return top; // a metamethod called by the VM
        return top.isCalling(fn) ? top : null;
    }

    /** {@code user_script:3: }: where a frame is, as luaL_where prints it. */
    static LuaString where(CallTracker.Frame f) {
        int line = f.line();
        if (line <= 0) return LuaString.valueOf("");
        return LuaString.valueOf((chunkId(f.p.source) + ":" + line + ": ").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** Lua 5.1's luaO_chunkid with LUA_IDSIZE 60, as a Latin-1 string of the source's bytes. */
    static String chunkId(LuaString source) {
        byte[] bytes = new byte[source.m_length];
        source.copyInto(0, bytes, 0, bytes.length);
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) n++; // a C string
        String s = new String(bytes, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (s.startsWith("=")) {
            String rest = s.substring(1);
            return rest.length() > 59 ? rest.substring(0, 59) : rest;
        }
        if (s.startsWith("@")) {
            String name = s.substring(1);
            int max = 60 - " '...' ".length() - 1;
            return name.length() > max ? "..." + name.substring(name.length() - max) : name;
        }
        int len = 0;
        while (len < s.length() && s.charAt(len) != '\n' && s.charAt(len) != '\r') len++;
        int max = 60 - " [string \"...\"] ".length() - 1;
        if (len > max) len = max;
        boolean truncated = len < s.length();
        return "[string \"" + s.substring(0, len) + (truncated ? "..." : "") + "\"]";
    }
}
