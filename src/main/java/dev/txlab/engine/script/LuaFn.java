package dev.txlab.engine.script;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * A library function written for the sandbox, with Lua 5.1's argument checks and their exact
 * messages ({@code bad argument #1 to 'rep' (number expected, got no value)}). The name in the
 * message is the one the caller used, as luaL_argerror finds it from the calling instruction.
 */
abstract class LuaFn extends VarArgFunction {
    final LuaVm vm;

    LuaFn(LuaVm vm, String name) {
        this.vm = vm;
        this.name = name;
    }

    /** The function's body. */
    abstract Varargs call(Varargs args);

    /** A body written as a lambda: {@code (self, args) -> ...}. */
    @FunctionalInterface
    interface Body {
        Varargs apply(LuaFn self, Varargs args);
    }

    /** A library function from a lambda. */
    static LuaFn of(LuaVm vm, String name, Body body) {
        return new LuaFn(vm, name) {
            @Override Varargs call(Varargs args) { return body.apply(this, args); }
        };
    }

    @Override public final Varargs invoke(Varargs args) { return call(args); }

    @Override public String tojstring() { return "function: builtin: " + name; }

    // ---- errors ------------------------------------------------------------------------------

    /** luaL_error from this function. */
    ScriptError fail(String message) { return Raise.fromFunction(vm.tracker, this, message); }

    ScriptError fail(LuaString message) { return Raise.fromFunction(vm.tracker, this, message); }

    /** luaL_argerror. */
    ScriptError argError(int narg, String extra) {
        CallTracker.Frame caller = Raise.directCaller(vm.tracker, this);
        String fname = "?";
        if (caller != null && caller.isInCall()) {
            RuntimeMessages.Name n = RuntimeMessages.objectName(caller.p, caller.pc,
                    org.luaj.vm2.Lua.GETARG_A(caller.instruction()));
            if (n != null) {
                if (n.kind().equals("method")) {
                    narg--;
                    if (narg == 0) return fail("calling '" + n.name() + "' on bad self (" + extra + ")");
                }
                fname = n.name();
            }
        }
        return fail("bad argument #" + narg + " to '" + fname + "' (" + extra + ")");
    }

    /** luaL_typerror. */
    ScriptError typeError(Varargs args, int narg, String expected) {
        return argError(narg, expected + " expected, got " + typeNameOf(args, narg));
    }

    static String typeNameOf(Varargs args, int narg) {
        return narg > args.narg() ? "no value" : Lua51.typeName(args.arg(narg));
    }

    // ---- argument checks ------------------------------------------------------------------

    void checkAny(Varargs args, int narg) {
        if (narg > args.narg()) throw argError(narg, "value expected");
    }

    LuaTable checkTable(Varargs args, int narg) {
        LuaValue v = args.arg(narg);
        if (!v.istable()) throw typeError(args, narg, "table");
        return (LuaTable) v;
    }

    LuaValue checkFunction(Varargs args, int narg) {
        LuaValue v = args.arg(narg);
        if (!v.isfunction()) throw typeError(args, narg, "function");
        return v;
    }

    /** luaL_checklstring: a string, or a number converted as Lua 5.1 prints it. */
    LuaString checkString(Varargs args, int narg) {
        LuaString s = Lua51.toLuaString(args.arg(narg));
        if (s == null) throw typeError(args, narg, "string");
        return s;
    }

    LuaString optString(Varargs args, int narg, LuaString def) {
        return args.arg(narg).isnil() ? def : checkString(args, narg);
    }

    /** luaL_checknumber: a number, or a string that converts. */
    double checkNumber(Varargs args, int narg) {
        Double d = Lua51.toNumber(args.arg(narg));
        if (d == null) throw typeError(args, narg, "number");
        return d;
    }

    double optNumber(Varargs args, int narg, double def) {
        return args.arg(narg).isnil() ? def : checkNumber(args, narg);
    }

    /** luaL_checkinteger: the number cast to a C ptrdiff_t. */
    long checkInteger(Varargs args, int narg) { return Lua51.toLong(checkNumber(args, narg)); }

    long optInteger(Varargs args, int narg, long def) {
        return args.arg(narg).isnil() ? def : checkInteger(args, narg);
    }

    /** luaL_checkint: luaL_checkinteger cast to int. */
    int checkInt(Varargs args, int narg) { return (int) checkInteger(args, narg); }

    int optInt(Varargs args, int narg, int def) {
        return args.arg(narg).isnil() ? def : checkInt(args, narg);
    }
}
