package dev.txlab.engine.script;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.1's table library (ltablib.c): insert, remove, concat, sort (5.1's own quicksort, so
 * that elements the comparator finds equal end up where Redis puts them), getn, maxn, foreach,
 * foreachi and the obsolete setn.
 */
final class TableLib51 {
    private TableLib51() {}

    static ReadOnlyTable create(LuaVm vm) {
        ReadOnlyTable t = new ReadOnlyTable(vm, 9); // in ltablib.c's order, which decides pairs(table)
        t.define("concat", LuaFn.of(vm, "concat", TableLib51::concat));
        t.define("foreach", LuaFn.of(vm, "foreach", TableLib51::foreach));
        t.define("foreachi", LuaFn.of(vm, "foreachi", TableLib51::foreachi));
        t.define("getn", LuaFn.of(vm, "getn", (self, args) -> LuaValue.valueOf(self.checkTable(args, 1).rawlen())));
        t.define("maxn", LuaFn.of(vm, "maxn", TableLib51::maxn));
        t.define("insert", LuaFn.of(vm, "insert", TableLib51::insert));
        t.define("remove", LuaFn.of(vm, "remove", TableLib51::remove));
        t.define("setn", LuaFn.of(vm, "setn", (self, args) -> {
            self.checkTable(args, 1);
            throw self.fail("'setn' is obsolete");
        }));
        t.define("sort", LuaFn.of(vm, "sort", TableLib51::sort));
        return t;
    }

    private static Varargs concat(LuaFn self, Varargs args) {
        LuaString sep = self.optString(args, 2, LuaValue.valueOf(""));
        LuaTable t = self.checkTable(args, 1);
        int i = self.optInt(args, 3, 1);
        int last = args.arg(4).isnil() ? t.rawlen() : self.checkInt(args, 4);
        LuaBuffer out = new LuaBuffer();
        for (; i < last; i++) {
            addField(self, t, i, out);
            out.write(sep.m_bytes, sep.m_offset, sep.m_length);
        }
        if (i == last) addField(self, t, i, out);
        return out.toLuaString();
    }

    private static void addField(LuaFn self, LuaTable t, int i, java.io.ByteArrayOutputStream out) {
        LuaString s = Lua51.toLuaString(t.rawget(i));
        if (s == null) {
            // the wording of the Debian build in use (5.1.5 says "invalid value (at index n)")
            throw self.fail("invalid value (" + Lua51.typeName(t.rawget(i)) + ") at index " + i + " in table for 'concat'");
        }
        out.write(s.m_bytes, s.m_offset, s.m_length);
    }

    private static Varargs foreach(LuaFn self, Varargs args) {
        LuaTable t = self.checkTable(args, 1);
        LuaValue f = args.arg(2);
        if (!f.isfunction()) throw self.typeError(args, 2, "function");
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) return LuaValue.NONE;
            LuaValue r = f.call(k, n.arg(2));
            if (!r.isnil()) return r;
        }
    }

    private static Varargs foreachi(LuaFn self, Varargs args) {
        LuaTable t = self.checkTable(args, 1);
        LuaValue f = args.arg(2);
        if (!f.isfunction()) throw self.typeError(args, 2, "function");
        int n = t.rawlen();
        for (int i = 1; i <= n; i++) {
            LuaValue r = f.call(LuaValue.valueOf(i), t.rawget(i));
            if (!r.isnil()) return r;
        }
        return LuaValue.NONE;
    }

    private static Varargs maxn(LuaFn self, Varargs args) {
        LuaTable t = self.checkTable(args, 1);
        double max = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) break;
            if (k.type() == LuaValue.TNUMBER && k.todouble() > max) max = k.todouble();
        }
        return LuaValue.valueOf(max);
    }

    private static Varargs insert(LuaFn self, Varargs args) {
        LuaTable t = self.checkTable(args, 1);
        int e = t.rawlen() + 1;
        int pos;
        switch (args.narg()) {
            case 2 -> pos = e;
            case 3 -> {
                pos = self.checkInt(args, 2);
                if (pos > e) e = pos;
                for (int i = e; i > pos; i--) t.rawset(i, t.rawget(i - 1));
            }
            default -> throw self.fail("wrong number of arguments to 'insert'");
        }
        t.rawset(pos, args.arg(args.narg()));
        return LuaValue.NONE;
    }

    private static Varargs remove(LuaFn self, Varargs args) {
        LuaTable t = self.checkTable(args, 1);
        int e = t.rawlen();
        int pos = self.optInt(args, 2, e);
        if (!(1 <= pos && pos <= e)) return LuaValue.NONE;
        LuaValue result = t.rawget(pos);
        for (; pos < e; pos++) t.rawset(pos, t.rawget(pos + 1));
        t.rawset(e, LuaValue.NIL);
        return result;
    }

    // ---- sort: Lua 5.1's auxsort ------------------------------------------------------------

    private static Varargs sort(LuaFn self, Varargs args) {
        LuaTable t = self.checkTable(args, 1);
        int n = t.rawlen();
        LuaValue comparator = args.arg(2);
        if (!comparator.isnil() && !comparator.isfunction()) throw self.typeError(args, 2, "function");
        new Sorter(self, t, comparator.isnil() ? null : comparator).sort(1, n);
        return LuaValue.NONE;
    }

    private static final class Sorter {
        private final LuaFn self;
        private final LuaTable t;
        private final LuaValue comparator;

        Sorter(LuaFn self, LuaTable t, LuaValue comparator) {
            this.self = self;
            this.t = t;
            this.comparator = comparator;
        }

        private boolean less(LuaValue a, LuaValue b) {
            if (comparator != null) return comparator.call(a, b).toboolean();
            return Compare.lessThan(self.vm, a, b);
        }

        private LuaValue get(int i) { return t.rawget(i); }

        private void swap(int i, int j) {
            LuaValue a = t.rawget(i);
            LuaValue b = t.rawget(j);
            t.rawset(i, b);
            t.rawset(j, a);
        }

        void sort(int l, int u) {
            while (l < u) {
                if (less(get(u), get(l))) swap(l, u);
                if (u - l == 1) break;
                int i = (l + u) / 2;
                if (less(get(i), get(l))) {
                    swap(i, l);
                } else if (less(get(u), get(i))) {
                    swap(i, u);
                }
                if (u - l == 2) break;
                LuaValue pivot = get(i);
                swap(i, u - 1);
                i = l;
                int j = u - 1;
                while (true) {
                    while (less(get(++i), pivot)) {
                        if (i > u) throw self.fail("invalid order function for sorting");
                    }
                    while (less(pivot, get(--j))) {
                        if (j < l) throw self.fail("invalid order function for sorting");
                    }
                    if (j < i) break;
                    swap(i, j);
                }
                swap(u - 1, i);
                if (i - l < u - i) {
                    j = l;
                    i = i - 1;
                    l = i + 2;
                } else {
                    j = i + 1;
                    i = u;
                    u = j - 2;
                }
                sort(j, i);
            }
        }
    }
}
