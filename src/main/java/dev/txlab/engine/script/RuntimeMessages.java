package dev.txlab.engine.script;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Lua 5.1's texts for errors the virtual machine raises, built from the failing instruction and
 * the values in its registers: {@code attempt to index local 'x' (a nil value)}, {@code attempt
 * to call field 'foo' (a nil value)}, {@code attempt to compare number with nil} ... LuaJ raises
 * the same errors with other words ({@code attempt to index ? (a nil value)}), so the bridge
 * rewrites them. Variable names are recovered as Lua 5.1's ldebug.c does: a register is a named
 * local, or was loaded from a global, a field, an upvalue or a method.
 */
final class RuntimeMessages {
    private RuntimeMessages() {}

    /** A name for a register: {@code local 'x'}, {@code global 'redis'} ... or null. */
    record Name(String kind, String name) {
        @Override public String toString() { return kind + " '" + name + "'"; }
    }

    /**
     * The Lua 5.1 text for a LuaJ error raised while {@code f} ran its current instruction, or
     * null when the error did not come from the VM (it came from a called function).
     */
    static String translate(CallTracker.Frame f, String raw) {
        if (f == null || raw == null) return null;
        int i = f.instruction();
        int op = i & 0x3f;
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        switch (op) {
            case Lua.OP_GETTABLE, Lua.OP_SELF:
                if (raw.startsWith("attempt to index")) return typeError(f, b, f.stack[b], "index");
                return null;
            case Lua.OP_SETTABLE:
                if (raw.startsWith("attempt to index") || raw.startsWith("index expected")) return typeError(f, a, f.stack[a], "index");
                if (raw.startsWith("table index")) return tableIndexError(rk(f, b));
                return null;
            case Lua.OP_GETTABUP:
                if (raw.startsWith("attempt to index")) return "attempt to index upvalue '" + upvalueName(f.p, b) + "' (a nil value)";
                return null;
            case Lua.OP_SETTABUP:
                if (raw.startsWith("table index")) return tableIndexError(rk(f, b));
                if (raw.startsWith("attempt to index") || raw.startsWith("index expected")) {
                    return "attempt to index upvalue '" + upvalueName(f.p, a) + "' (a nil value)";
                }
                return null;
            case Lua.OP_CALL, Lua.OP_TAILCALL: {
                LuaValue fn = f.stack[a];
                if (raw.startsWith("attempt to call") && !isCallable(fn)) return typeError(f, a, fn, "call");
                return null;
            }
            case Lua.OP_TFORCALL: {
                // 5.1 calls the iterator from OP_TFORLOOP without naming it
                LuaValue fn = f.stack[a];
                if (raw.startsWith("attempt to call") && !isCallable(fn)) return "attempt to call a " + Lua51.typeName(fn) + " value";
                return null;
            }
            case Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW: {
                if (!raw.startsWith("attempt to perform arithmetic") && !raw.startsWith("vm error")) return null;
                // luaG_aritherror: blame the first operand unless it converts to a number (here, as
                // LuaJ converts strings in arithmetic, since that is what just failed)
                int culprit = arithmeticNumber(rk(f, b)) ? c : b;
                return rkTypeError(f, culprit, "perform arithmetic on");
            }
            case Lua.OP_UNM:
                if (!raw.startsWith("attempt to perform arithmetic") && !raw.startsWith("vm error")) return null;
                return typeError(f, b, f.stack[b], "perform arithmetic on");
            case Lua.OP_LEN:
                if (!raw.startsWith("attempt to get length")) return null;
                return typeError(f, b, f.stack[b], "get length of");
            case Lua.OP_CONCAT:
                if (!raw.startsWith("attempt to concatenate")) return null;
                return concatError(f, b, c);
            case Lua.OP_LT, Lua.OP_LE:
                if (!raw.startsWith("attempt to compare")) return null;
                return orderError(rk(f, b), rk(f, c));
            default:
                return null;
        }
    }

    /** Whether LuaJ's arithmetic takes the value as a number (LuaJ fails on "0x" with an exception). */
    private static boolean arithmeticNumber(LuaValue v) {
        if (v.type() == LuaValue.TNUMBER) return true;
        if (v.type() != LuaValue.TSTRING) return false;
        try {
            return !Double.isNaN(v.strvalue().scannumber());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The text for a failed concatenation of registers first..last, as luaV_concat meets it. */
    static String concatError(CallTracker.Frame f, int first, int last) {
        LuaValue right = f.stack[last];
        int rightReg = last;
        for (int j = last - 1; j >= first; j--) {
            LuaValue left = f.stack[j];
            if (!isStringOrNumber(left) || !isStringOrNumber(right)) {
                if (!hasConcatHandler(left, right)) {
                    // luaG_concaterror blames the left operand unless it is a string or number
                    return isStringOrNumber(left) ? typeError(f, rightReg, right, "concatenate")
                                                  : typeError(f, j, left, "concatenate");
                }
            }
            right = LuaValue.valueOf("");
            rightReg = j;
        }
        return "attempt to concatenate a nil value";
    }

    private static boolean hasConcatHandler(LuaValue a, LuaValue b) {
        return !a.metatag(LuaValue.CONCAT).isnil() || !b.metatag(LuaValue.CONCAT).isnil();
    }

    static boolean isStringOrNumber(LuaValue v) {
        return v.type() == LuaValue.TSTRING || v.type() == LuaValue.TNUMBER;
    }

    /** luaG_ordererror. */
    static String orderError(LuaValue p1, LuaValue p2) {
        String t1 = Lua51.typeName(p1);
        String t2 = Lua51.typeName(p2);
        // 5.1 compares the third letters of the type names ("string" and "thread" look alike)
        if (t1.charAt(2) == t2.charAt(2)) return "attempt to compare two " + t1 + " values";
        return "attempt to compare " + t1 + " with " + t2;
    }

    private static String tableIndexError(LuaValue key) {
        return key.isnil() ? "table index is nil" : "table index is NaN";
    }

    private static String rkTypeError(CallTracker.Frame f, int rk, String op) {
        if (Lua.ISK(rk)) return "attempt to " + op + " a " + Lua51.typeName(f.p.k[Lua.INDEXK(rk)]) + " value";
        return typeError(f, rk, f.stack[rk], op);
    }

    /** luaG_typeerror: {@code attempt to <op> <kind> '<name>' (a <type> value)}. */
    static String typeError(CallTracker.Frame f, int register, LuaValue value, String op) {
        Name name = objectName(f.p, f.pc, register);
        String type = Lua51.typeName(value);
        return name != null ? "attempt to " + op + " " + name + " (a " + type + " value)"
                            : "attempt to " + op + " a " + type + " value";
    }

    private static LuaValue rk(CallTracker.Frame f, int rk) {
        return Lua.ISK(rk) ? f.p.k[Lua.INDEXK(rk)] : f.stack[rk];
    }

    private static boolean isCallable(LuaValue v) {
        return v.isfunction() || !v.metatag(LuaValue.CALL).isnil();
    }

    /** Lua 5.1's getobjname, on LuaJ's 5.2 bytecode. */
    static Name objectName(Prototype p, int pc, int register) {
        LuaString local = p.getlocalname(register + 1, pc);
        if (local != null) return new Name("local", Lua51.latin1(local));
        int setter = findSetter(p, pc, register);
        if (setter < 0) return null;
        int i = p.code[setter];
        switch (i & 0x3f) {
            case Lua.OP_MOVE: {
                int from = Lua.GETARG_B(i);
                return from < Lua.GETARG_A(i) ? objectName(p, setter, from) : null;
            }
            case Lua.OP_GETTABUP: {
                int c = Lua.GETARG_C(i);
                boolean env = "_ENV".equals(upvalueName(p, Lua.GETARG_B(i)));
                return new Name(env ? "global" : "field", constantName(p, c));
            }
            case Lua.OP_GETTABLE:
                return new Name("field", constantName(p, Lua.GETARG_C(i)));
            case Lua.OP_GETUPVAL:
                return new Name("upvalue", upvalueName(p, Lua.GETARG_B(i)));
            case Lua.OP_SELF:
                return new Name("method", constantName(p, Lua.GETARG_C(i)));
            default:
                return null;
        }
    }

    private static String constantName(Prototype p, int rk) {
        if (Lua.ISK(rk)) {
            LuaValue k = p.k[Lua.INDEXK(rk)];
            if (k.type() == LuaValue.TSTRING) return Lua51.latin1(k.strvalue());
        }
        return "?";
    }

    static String upvalueName(Prototype p, int index) {
        if (p.upvalues == null || index >= p.upvalues.length || p.upvalues[index].name == null) return "?";
        return Lua51.latin1(p.upvalues[index].name);
    }

    /** The last instruction before lastpc that set the register (Lua 5.2's findsetreg). */
    static int findSetter(Prototype p, int lastpc, int reg) {
        int setreg = -1;
        for (int pc = 0; pc < lastpc; pc++) {
            int i = p.code[pc];
            int op = i & 0x3f;
            int a = Lua.GETARG_A(i);
            switch (op) {
                case Lua.OP_LOADNIL: {
                    int b = Lua.GETARG_B(i);
                    if (a <= reg && reg <= a + b) setreg = pc;
                    break;
                }
                case Lua.OP_TFORCALL:
                    if (reg >= a + 2) setreg = pc;
                    break;
                case Lua.OP_CALL, Lua.OP_TAILCALL:
                    if (reg >= a) setreg = pc;
                    break;
                case Lua.OP_JMP: {
                    int dest = pc + 1 + Lua.GETARG_sBx(i);
                    if (pc < dest && dest <= lastpc) pc = dest - 1;
                    break;
                }
                case Lua.OP_TEST:
                    if (reg == a) setreg = pc;
                    break;
                case Lua.OP_SETLIST:
                    if (Lua.GETARG_C(i) == 0) pc++; // the next word is its batch number, not an instruction
                    break;
                default:
                    if (setsRegisterA(op) && reg == a) setreg = pc;
                    break;
            }
        }
        return setreg;
    }

    private static boolean setsRegisterA(int op) {
        switch (op) {
            case Lua.OP_SETTABUP, Lua.OP_SETUPVAL, Lua.OP_SETTABLE, Lua.OP_JMP, Lua.OP_EQ, Lua.OP_LT,
                 Lua.OP_LE, Lua.OP_TEST, Lua.OP_RETURN, Lua.OP_TFORCALL, Lua.OP_SETLIST, Lua.OP_EXTRAARG:
                return false;
            default:
                return true;
        }
    }
}
