package dev.txlab.engine.script;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The bit library (LuaBitOp 1.0.2 as Redis bundles it): 32-bit operations whose arguments are
 * rounded to an integer modulo 2^32 (the "add 2^52+2^51 and read the low word" trick) and whose
 * results are signed 32-bit numbers.
 */
final class BitLib {
    private BitLib() {}

    private interface IntOp {
        int apply(int a, int b);
    }

    static ReadOnlyTable create(LuaVm vm) {
        ReadOnlyTable t = new ReadOnlyTable(vm, 12);
        t.define("tobit", LuaFn.of(vm, "tobit", (self, a) -> ret(arg(self, a, 1))));
        t.define("bnot", LuaFn.of(vm, "bnot", (self, a) -> ret(~arg(self, a, 1))));
        fold(vm, t, "band", (x, y) -> x & y);
        fold(vm, t, "bor", (x, y) -> x | y);
        fold(vm, t, "bxor", (x, y) -> x ^ y);
        shift(vm, t, "lshift", (b, n) -> b << n);
        shift(vm, t, "rshift", (b, n) -> b >>> n);
        shift(vm, t, "arshift", (b, n) -> b >> n);
        shift(vm, t, "rol", Integer::rotateLeft);
        shift(vm, t, "ror", Integer::rotateRight);
        t.define("bswap", LuaFn.of(vm, "bswap", (self, a) -> ret(Integer.reverseBytes(arg(self, a, 1)))));
        t.define("tohex", LuaFn.of(vm, "tohex", BitLib::tohex));
        return t;
    }

    /** barg: the argument rounded to the nearest integer, modulo 2^32 (strings convert). */
    static int arg(LuaFn self, Varargs args, int i) {
        Double d = Lua51.toNumber(args.arg(i));
        double n = d == null ? 0 : d;
        int b = (int) Double.doubleToRawLongBits(n + 6755399441055744.0);
        if (b == 0 && d == null) throw self.typeError(args, i, "number");
        return b;
    }

    private static LuaValue ret(int b) { return LuaValue.valueOf(b); }

    private static void fold(LuaVm vm, ReadOnlyTable t, String name, IntOp op) {
        t.define(name, LuaFn.of(vm, name, (self, a) -> {
            int b = arg(self, a, 1);
            for (int i = a.narg(); i > 1; i--) b = op.apply(b, arg(self, a, i));
            return ret(b);
        }));
    }

    private static void shift(LuaVm vm, ReadOnlyTable t, String name, IntOp op) {
        t.define(name, LuaFn.of(vm, name, (self, a) -> {
            int b = arg(self, a, 1);
            int n = arg(self, a, 2) & 31;
            return ret(op.apply(b, n));
        }));
    }

    private static Varargs tohex(LuaFn self, Varargs a) {
        int b = arg(self, a, 1);
        int n = a.narg() < 2 ? 8 : arg(self, a, 2);
        String digits = "0123456789abcdef";
        if (n < 0) {
            n = -n;
            digits = "0123456789ABCDEF";
        }
        if (n > 8 || n < 0) n = 8; // -(-2^31) overflows; Redis's build then prints 8 digits, as here
        char[] buf = new char[Math.max(n, 0)];
        for (int i = n; --i >= 0; ) {
            buf[i] = digits.charAt(b & 15);
            b >>>= 4;
        }
        return LuaString.valueOf(new String(buf).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
