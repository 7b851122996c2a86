package dev.txlab.engine.script;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.1's math library (lmathlib.c, with math.mod and math.log10), and Redis's math.random,
 * which draws from redisLrand48 so that math.randomseed(n) repeats Redis's sequence.
 */
final class MathLib51 {
    private MathLib51() {}

    /** A one-argument C math function. */
    private interface Unary {
        double apply(double x);
    }

    static ReadOnlyTable create(LuaVm vm) {
        // lmathlib.c's order and size, which decide pairs(math)
        ReadOnlyTable t = new ReadOnlyTable(vm, 28);
        unary(vm, t, "abs", Math::abs);
        unary(vm, t, "acos", Math::acos);
        unary(vm, t, "asin", Math::asin);
        // math_atan2, fmod, ldexp and pow check their arguments inside one C call, and the compiler
        // Redis is built with evaluates those from right to left: #2 is checked first
        t.define("atan2", LuaFn.of(vm, "atan2", (self, a) -> {
            double x = self.checkNumber(a, 2);
            return LuaValue.valueOf(Math.atan2(self.checkNumber(a, 1), x));
        }));
        unary(vm, t, "atan", Math::atan);
        unary(vm, t, "ceil", Math::ceil);
        unary(vm, t, "cosh", Math::cosh);
        unary(vm, t, "cos", Math::cos);
        unary(vm, t, "deg", x -> x / (Math.PI / 180.0));
        unary(vm, t, "exp", Math::exp);
        unary(vm, t, "floor", Math::floor);
        LuaFn fmod = LuaFn.of(vm, "fmod", (self, a) -> {
            double y = self.checkNumber(a, 2);
            return LuaValue.valueOf(cFmod(self.checkNumber(a, 1), y));
        });
        t.define("fmod", fmod);
        t.define("frexp", LuaFn.of(vm, "frexp", MathLib51::frexp));
        t.define("ldexp", LuaFn.of(vm, "ldexp", (self, a) -> {
            int e = self.checkInt(a, 2);
            return LuaValue.valueOf(self.checkNumber(a, 1) * Math.pow(2, e));
        }));
        unary(vm, t, "log10", Math::log10);
        unary(vm, t, "log", Math::log);
        t.define("max", LuaFn.of(vm, "max", (self, a) -> minMax(self, a, true)));
        t.define("min", LuaFn.of(vm, "min", (self, a) -> minMax(self, a, false)));
        t.define("modf", LuaFn.of(vm, "modf", (self, a) -> {
            double x = self.checkNumber(a, 1);
            double ip = x >= 0 ? Math.floor(x) : Math.ceil(x);
            double fp = Double.isInfinite(x) ? 0.0 * Math.signum(x) : x - ip;
            return LuaValue.varargsOf(LuaValue.valueOf(ip), LuaValue.valueOf(fp));
        }));
        t.define("pow", LuaFn.of(vm, "pow", (self, a) -> {
            double y = self.checkNumber(a, 2);
            return LuaValue.valueOf(Math.pow(self.checkNumber(a, 1), y));
        }));
        unary(vm, t, "rad", x -> x * (Math.PI / 180.0));
        t.define("random", LuaFn.of(vm, "random", MathLib51::random));
        t.define("randomseed", LuaFn.of(vm, "randomseed", (self, a) -> {
            self.vm.random.seed(self.checkInt(a, 1));
            return LuaValue.NONE;
        }));
        unary(vm, t, "sinh", Math::sinh);
        unary(vm, t, "sin", Math::sin);
        unary(vm, t, "sqrt", Math::sqrt);
        unary(vm, t, "tanh", Math::tanh);
        unary(vm, t, "tan", Math::tan);
        t.define("pi", LuaValue.valueOf(Math.PI));
        t.define("huge", LuaValue.valueOf(Double.POSITIVE_INFINITY));
        t.define("mod", fmod);
        return t;
    }

    private static void unary(LuaVm vm, ReadOnlyTable t, String name, Unary f) {
        t.define(name, LuaFn.of(vm, name, (self, a) -> LuaValue.valueOf(f.apply(self.checkNumber(a, 1)))));
    }

    /** C fmod: the result has the sign of x. */
    static double cFmod(double x, double y) { return x % y; }

    private static Varargs minMax(LuaFn self, Varargs a, boolean max) {
        int n = a.narg();
        double best = self.checkNumber(a, 1);
        for (int i = 2; i <= n; i++) {
            double d = self.checkNumber(a, i);
            if (max ? d > best : d < best) best = d;
        }
        return LuaValue.valueOf(best);
    }

    private static Varargs frexp(LuaFn self, Varargs a) {
        double x = self.checkNumber(a, 1);
        if (x == 0 || Double.isNaN(x) || Double.isInfinite(x)) return LuaValue.varargsOf(LuaValue.valueOf(x), LuaValue.valueOf(0));
        int e = Math.getExponent(x) + 1;
        double m = x / Math.pow(2, e);
        if (Math.abs(m) < 0.5) { // subnormal
            while (Math.abs(m) < 0.5) {
                m *= 2;
                e--;
            }
        }
        return LuaValue.varargsOf(LuaValue.valueOf(m), LuaValue.valueOf(e));
    }

    private static Varargs random(LuaFn self, Varargs a) {
        if (self.vm.run == null) throw self.fail("math.random can only be called inside a script invocation");
        double r = (double) (self.vm.random.next() % Lrand48.MAX) / (double) Lrand48.MAX;
        switch (a.narg()) {
            case 0:
                return LuaValue.valueOf(r);
            case 1: {
                int u = self.checkInt(a, 1);
                if (!(1 <= u)) throw self.argError(1, "interval is empty");
                return LuaValue.valueOf(Math.floor(r * u) + 1);
            }
            case 2: {
                int l = self.checkInt(a, 1);
                int u = self.checkInt(a, 2);
                if (!(l <= u)) throw self.argError(2, "interval is empty");
                return LuaValue.valueOf(Math.floor(r * (u - l + 1)) + l);
            }
            default:
                throw self.fail("wrong number of arguments");
        }
    }
}
