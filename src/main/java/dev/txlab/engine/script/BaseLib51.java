package dev.txlab.engine.script;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.1's base functions as Redis 7.0 offers them: no print, loadfile, dofile, getfenv or
 * setfenv; {@code loadstring} refuses bytecode; {@code pcall} is Redis's wrapper that returns the
 * {@code err} string of an error table.
 */
final class BaseLib51 {
    private BaseLib51() {}

    /** The base functions by name; the interpreter defines them in Lua 5.1's order. */
    static java.util.Map<String, LuaValue> functions(LuaVm vm) {
        java.util.Map<String, LuaValue> g = new java.util.HashMap<>();
        install(vm, new Definer() {
            @Override public void define(String name, LuaValue value) { g.put(name, value); }
        });
        return g;
    }

    /** Where install puts what it defines. */
    interface Definer {
        void define(String name, LuaValue value);
    }

    static void install(LuaVm vm, Definer g) {
        g.define("assert", LuaFn.of(vm, "assert", BaseLib51::assertFn));
        g.define("collectgarbage", LuaFn.of(vm, "collectgarbage", BaseLib51::collectgarbage));
        g.define("error", LuaFn.of(vm, "error", BaseLib51::error));
        g.define("gcinfo", LuaFn.of(vm, "gcinfo", (self, args) -> LuaValue.valueOf(usedKilobytes())));
        g.define("getmetatable", LuaFn.of(vm, "getmetatable", BaseLib51::getmetatable));
        g.define("ipairs", LuaFn.of(vm, "ipairs", BaseLib51::ipairs));
        g.define("load", LuaFn.of(vm, "load", BaseLib51::load));
        g.define("loadstring", LuaFn.of(vm, "loadstring", BaseLib51::loadstring));
        g.define("next", LuaFn.of(vm, "next", BaseLib51::next));
        g.define("pairs", LuaFn.of(vm, "pairs", BaseLib51::pairs));
        g.define("pcall", LuaFn.of(vm, "pcall", BaseLib51::pcall));
        g.define("rawequal", LuaFn.of(vm, "rawequal", BaseLib51::rawequal));
        g.define("rawget", LuaFn.of(vm, "rawget", BaseLib51::rawget));
        g.define("rawset", LuaFn.of(vm, "rawset", BaseLib51::rawset));
        g.define("select", LuaFn.of(vm, "select", BaseLib51::select));
        g.define("setmetatable", LuaFn.of(vm, "setmetatable", BaseLib51::setmetatable));
        g.define("tonumber", LuaFn.of(vm, "tonumber", BaseLib51::tonumber));
        g.define("tostring", LuaFn.of(vm, "tostring", BaseLib51::tostring));
        g.define("type", LuaFn.of(vm, "type", BaseLib51::type));
        g.define("unpack", LuaFn.of(vm, "unpack", BaseLib51::unpack));
        g.define("xpcall", LuaFn.of(vm, "xpcall", BaseLib51::xpcall));
        g.define("_VERSION", LuaValue.valueOf("Lua 5.1"));
    }

    private static int usedKilobytes() {
        Runtime r = Runtime.getRuntime();
        return (int) ((r.totalMemory() - r.freeMemory()) / 1024);
    }

    private static Varargs assertFn(LuaFn self, Varargs args) {
        self.checkAny(args, 1);
        if (!args.arg1().toboolean()) {
            LuaString message = self.optString(args, 2, LuaValue.valueOf("assertion failed!"));
            throw self.fail(message);
        }
        return args;
    }

    private static final List<String> GC_OPTIONS = List.of("stop", "restart", "collect", "count", "step", "setpause", "setstepmul");

    private static Varargs collectgarbage(LuaFn self, Varargs args) {
        String option = Lua51.latin1(self.optString(args, 1, LuaValue.valueOf("collect")));
        if (!GC_OPTIONS.contains(option)) throw self.argError(1, "invalid option '" + option + "'");
        int ex = self.optInt(args, 2, 0);
        return switch (option) {
            case "count" -> LuaValue.valueOf(usedKilobytes() + 0.5);
            case "step" -> LuaValue.FALSE;
            case "setpause", "setstepmul" -> LuaValue.valueOf(ex == 0 ? 200 : 200);
            default -> LuaValue.valueOf(0);
        };
    }

    /** error(message [, level]): a string gets the position of the function at level. */
    private static Varargs error(LuaFn self, Varargs args) {
        int level = self.optInt(args, 2, 1);
        LuaValue message = args.arg1();
        if ((message.type() == LuaValue.TSTRING || message.type() == LuaValue.TNUMBER) && level > 0) {
            CallTracker.Frame at = frameAtLevel(self, level);
            LuaString text = Lua51.toLuaString(message);
            message = at == null ? text : Raise.where(at).concat(text).strvalue();
        }
        throw Raise.plainFrom(self.vm.tracker, self, message);
    }

    /**
     * The Lua function at a call level seen from inside a library function (1: its caller), or
     * null when that level is a C function.
     */
    static CallTracker.Frame frameAtLevel(LuaFn self, int level) {
        CallTracker.Frames frames = self.vm.tracker.frames();
        CallTracker.Frame caller = Raise.directCaller(self.vm.tracker, self);
        if (caller == null) return null; // level 1 is a C function
        int index = frames.size - 1;
        for (int l = 1; l < level; l++) {
            CallTracker.Frame f = frames.get(index);
            if (f.cLevel && !f.metamethod) return null; // called by a C function
            if (--index < 0) return null;
        }
        return frames.get(index);
    }

    private static Varargs getmetatable(LuaFn self, Varargs args) {
        self.checkAny(args, 1);
        LuaValue mt = args.arg1().getmetatable();
        if (mt == null || mt.isnil()) return LuaValue.NIL;
        LuaValue protectedField = mt.rawget(LuaValue.METATABLE);
        return protectedField.isnil() ? mt : protectedField;
    }

    private static Varargs ipairs(LuaFn self, Varargs args) {
        LuaTable t = self.checkTable(args, 1);
        return LuaValue.varargsOf(self.vm.ipairsIterator, t, LuaValue.valueOf(0));
    }

    static LuaFn ipairsIterator(LuaVm vm) {
        return LuaFn.of(vm, "ipairs_aux", (self, args) -> {
            int i = self.checkInt(args, 2);
            LuaTable t = self.checkTable(args, 1);
            i++;
            LuaValue v = t.rawget(i);
            return v.isnil() ? LuaValue.NONE : LuaValue.varargsOf(LuaValue.valueOf(i), v);
        });
    }

    private static Varargs pairs(LuaFn self, Varargs args) {
        LuaTable t = self.checkTable(args, 1);
        return LuaValue.varargsOf(self.vm.nextFunction, t, LuaValue.NIL);
    }

    private static Varargs next(LuaFn self, Varargs args) {
        LuaTable t = self.checkTable(args, 1);
        try {
            Varargs n = t.next(args.arg(2));
            return n.arg1().isnil() ? LuaValue.NIL : n;
        } catch (LuaError e) {
            if (e instanceof ScriptError) throw e;
            throw Raise.plain(self.vm.tracker, LuaValue.valueOf("invalid key to 'next'"));
        }
    }

    /** Redis's pcall: an error table with a string err field is returned as that string. */
    private static Varargs pcall(LuaFn self, Varargs args) {
        if (args.narg() == 0) {
            // Redis's wrapper calls its result placeholder: a boolean
            return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("attempt to call a boolean value"));
        }
        LuaVm vm = self.vm;
        CallTracker.Frames frames = vm.tracker.frames();
        int depth = frames.size;
        int cLevels = frames.cLevels;
        try {
            Varargs result = args.arg1().invoke(args.subargs(2));
            return LuaValue.varargsOf(LuaValue.TRUE, result);
        } catch (LuaError e) {
            LuaValue m = vm.errorValue(e);
            vm.tracker.unwindTo(frames, depth);
            frames.cLevels = cLevels;
            if (m.istable()) {
                LuaValue err = m.get(Conversions.ERR); // lua_getfield: __index too, unprotected now
                if (err.type() == LuaValue.TSTRING || err.type() == LuaValue.TNUMBER) return LuaValue.varargsOf(LuaValue.FALSE, err);
                return LuaValue.varargsOf(new LuaValue[] {LuaValue.FALSE, m, LuaValue.NIL});
            }
            return LuaValue.varargsOf(LuaValue.FALSE, m);
        } catch (StackOverflowError e) {
            vm.tracker.unwindTo(frames, depth);
            frames.cLevels = cLevels;
            return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("stack overflow"));
        } catch (RuntimeException e) {
            // a failure of the interpreter in a call LuaJ made outside its loop (a tail call)
            LuaValue m = vm.errorValue(new LuaError(e));
            vm.tracker.unwindTo(frames, depth);
            frames.cLevels = cLevels;
            return LuaValue.varargsOf(LuaValue.FALSE, m);
        }
    }

    /** xpcall(f, handler): f gets no arguments in 5.1; the handler sees the error value. */
    private static Varargs xpcall(LuaFn self, Varargs args) {
        self.checkAny(args, 2);
        LuaVm vm = self.vm;
        LuaValue handler = args.arg(2);
        CallTracker.Frames frames = vm.tracker.frames();
        int depth = frames.size;
        int cLevels = frames.cLevels;
        try {
            Varargs result = args.arg1().invoke(LuaValue.NONE);
            return LuaValue.varargsOf(LuaValue.TRUE, result);
        } catch (RuntimeException failure) { // a LuaError, or a failure of the interpreter
            LuaError e = failure instanceof LuaError le ? le : new LuaError(failure);
            LuaValue m = vm.errorValue(e);
            vm.tracker.unwindTo(frames, depth);
            frames.cLevels = cLevels;
            try {
                return LuaValue.varargsOf(LuaValue.FALSE, handler.invoke(m).arg1());
            } catch (LuaError inHandler) {
                vm.tracker.unwindTo(frames, depth);
                return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("error in error handling"));
            }
        } catch (StackOverflowError e) {
            vm.tracker.unwindTo(frames, depth);
            frames.cLevels = cLevels;
            return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("stack overflow")); // as pcall
        }
    }

    private static Varargs rawequal(LuaFn self, Varargs args) {
        self.checkAny(args, 1);
        self.checkAny(args, 2);
        return LuaValue.valueOf(args.arg1().raweq(args.arg(2)));
    }

    private static Varargs rawget(LuaFn self, Varargs args) {
        LuaTable t = self.checkTable(args, 1);
        self.checkAny(args, 2);
        return t.rawget(args.arg(2));
    }

    private static Varargs rawset(LuaFn self, Varargs args) {
        LuaTable t = self.checkTable(args, 1);
        self.checkAny(args, 2);
        self.checkAny(args, 3);
        LuaValue key = args.arg(2);
        if (key.isnil()) throw Raise.plain(self.vm.tracker, LuaValue.valueOf("table index is nil"));
        if (key.type() == LuaValue.TNUMBER && Double.isNaN(key.todouble())) {
            throw Raise.plain(self.vm.tracker, LuaValue.valueOf("table index is NaN"));
        }
        t.rawset(key, args.arg(3));
        return t;
    }

    private static Varargs select(LuaFn self, Varargs args) {
        int n = args.narg();
        LuaValue first = args.arg1();
        if (first.type() == LuaValue.TSTRING && first.strvalue().m_length > 0
                && first.strvalue().luaByte(0) == '#') {
            return LuaValue.valueOf(n - 1);
        }
        int i = self.checkInt(args, 1);
        if (i < 0) i = n + i;
        else if (i > n) i = n;
        if (i < 1) throw self.argError(1, "index out of range");
        return args.subargs(i + 1);
    }

    private static Varargs setmetatable(LuaFn self, Varargs args) {
        int t = args.arg(2).type();
        LuaTable table = self.checkTable(args, 1);
        if (!(t == LuaValue.TNIL || t == LuaValue.TTABLE)) throw self.argError(2, "nil or table expected");
        LuaValue current = table.getmetatable();
        if (current != null && !current.rawget(LuaValue.METATABLE).isnil()) {
            throw self.fail("cannot change a protected metatable");
        }
        table.setmetatable(args.arg(2).isnil() ? null : args.arg(2));
        return table;
    }

    private static Varargs tonumber(LuaFn self, Varargs args) {
        int base = self.optInt(args, 2, 10);
        if (base == 10) {
            self.checkAny(args, 1);
            Double d = Lua51.toNumber(args.arg1());
            return d == null ? LuaValue.NIL : LuaValue.valueOf(d);
        }
        LuaString s = self.checkString(args, 1);
        if (base < 2 || base > 36) throw self.argError(2, "base out of range");
        Double d = strtoul(Lua51.latin1(s), base);
        return d == null ? LuaValue.NIL : LuaValue.valueOf(d);
    }

    /** C strtoul over the whole string (trailing blanks allowed), as a double; null if not a number. */
    static Double strtoul(String s, int base) {
        int nul = s.indexOf('\0');
        if (nul >= 0) s = s.substring(0, nul);
        int i = 0;
        int n = s.length();
        while (i < n && Lua51.isSpace((byte) s.charAt(i))) i++;
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        if (base == 16 && i + 1 < n && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && i + 2 < n && Character.digit(s.charAt(i + 2), 16) >= 0) {
            i += 2;
        }
        int start = i;
        BigInteger value = BigInteger.ZERO;
        BigInteger b = BigInteger.valueOf(base);
        while (i < n && Character.digit(s.charAt(i), base) >= 0 && s.charAt(i) < 128) {
            value = value.multiply(b).add(BigInteger.valueOf(Character.digit(s.charAt(i), base)));
            i++;
        }
        if (i == start) return null;
        while (i < n && Lua51.isSpace((byte) s.charAt(i))) i++;
        if (i != n) return null;
        BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        if (value.compareTo(max) > 0) value = max;
        else if (negative) value = BigInteger.ONE.shiftLeft(64).subtract(value).mod(BigInteger.ONE.shiftLeft(64));
        return value.doubleValue();
    }

    private static Varargs tostring(LuaFn self, Varargs args) {
        self.checkAny(args, 1);
        return tostring(args.arg1());
    }

    /** luaB_tostring: __tostring first, then Lua 5.1's own forms. */
    static LuaValue tostring(LuaValue v) {
        LuaValue handler = v.metatag(LuaValue.TOSTRING);
        if (!handler.isnil()) return handler.call(v);
        switch (v.type()) {
            case LuaValue.TNUMBER: return Lua51.numberString(v);
            case LuaValue.TSTRING: return v;
            case LuaValue.TBOOLEAN: return LuaValue.valueOf(v.toboolean() ? "true" : "false");
            case LuaValue.TNIL: return LuaValue.valueOf("nil");
            default: return LuaValue.valueOf(Lua51.typeName(v) + ": " + address(v));
        }
    }

    /** What %p prints for an object: an address-like hex number (NULL prints as "(nil)"). */
    static String address(LuaValue v) {
        if (v instanceof CjsonLib.Null) return "(nil)";
        return String.format("0x%012x", 0x55d000000000L + (System.identityHashCode(v) & 0xffffffffL) * 8);
    }

    private static Varargs type(LuaFn self, Varargs args) {
        self.checkAny(args, 1);
        return LuaValue.valueOf(Lua51.typeName(args.arg1()));
    }

    /** unpack(t [, i [, j]]): at most about 8000 values fit on Lua 5.1's C stack. */
    private static Varargs unpack(LuaFn self, Varargs args) {
        LuaTable t = self.checkTable(args, 1);
        int i = self.optInt(args, 2, 1);
        int e = args.arg(3).isnil() ? t.rawlen() : self.checkInt(args, 3);
        if (i > e) return LuaValue.NONE;
        long n = (long) e - i + 1;
        // lua_checkstack: the arguments already on unpack's stack and the results share 8000 slots
        if (n <= 0 || args.narg() + n > 8000) throw self.fail("too many results to unpack");
        LuaValue[] values = new LuaValue[(int) n];
        for (int k = 0; k < n; k++) values[k] = t.rawget(i + k);
        return LuaValue.varargsOf(values);
    }

    private static Varargs loadstring(LuaFn self, Varargs args) {
        LuaString s = self.checkString(args, 1);
        LuaString chunkname = self.optString(args, 2, s);
        return self.vm.loadChunk(Lua51.toBytes(s), chunkname);
    }

    /** load(func [, chunkname]): the chunk is the concatenation of the pieces func returns. */
    private static Varargs load(LuaFn self, Varargs args) {
        LuaValue reader = self.checkFunction(args, 1);
        LuaString chunkname = self.optString(args, 2, LuaValue.valueOf("=(load)"));
        List<byte[]> pieces = new ArrayList<>();
        int total = 0;
        while (true) {
            LuaValue piece = reader.call();
            if (piece.isnil()) break;
            if (piece.type() != LuaValue.TSTRING) {
                if (piece.type() == LuaValue.TNUMBER) piece = Lua51.numberString(piece);
                else throw self.fail("reader function must return a string");
            }
            LuaString p = piece.strvalue();
            if (p.m_length == 0) break;
            pieces.add(Lua51.toBytes(p));
            total += p.m_length;
        }
        byte[] chunk = new byte[total];
        int at = 0;
        for (byte[] p : pieces) {
            System.arraycopy(p, 0, chunk, at, p.length);
            at += p.length;
        }
        return self.vm.loadChunk(chunk, chunkname);
    }
}
