package dev.txlab.engine.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A LuaJ table whose contents live in a {@link TableStore}, Lua 5.1's layout: every table a
 * script makes or receives is one (the compiled code's OP_NEWTABLE is rewritten to make them),
 * so that traversal order and {@code #} are Redis's. Metatables are LuaJ's; {@code __len} is
 * ignored for tables, as in Lua 5.1.
 */
class Lua51Table extends LuaTable {
    final TableStore store;

    Lua51Table() { this(0, 0); }

    Lua51Table(int narray, int nhash) {
        super(0, 0);
        store = new TableStore(narray, nhash);
    }

    @Override public LuaValue rawget(int key) { return store.get(key); }

    @Override public LuaValue rawget(LuaValue key) { return store.get(key); }

    @Override public void rawset(int key, LuaValue value) { store.set(key, value); }

    @Override public void rawset(LuaValue key, LuaValue value) {
        checkKey(key);
        store.set(key, value);
    }

    static void checkKey(LuaValue key) {
        if (key.isnil()) throw new LuaError("table index is nil");
        if (key.type() == LuaValue.TNUMBER && Double.isNaN(key.todouble())) throw new LuaError("table index is NaN");
    }

    @Override protected LuaValue hashget(LuaValue key) { return store.get(key); }

    @Override public void hashset(LuaValue key, LuaValue value) { store.set(key, value); }

    @Override public Varargs next(LuaValue key) {
        Varargs n = store.next(key);
        if (n == null) throw new LuaError("invalid key to 'next'");
        return n == LuaValue.NONE ? LuaValue.NIL : n;
    }

    @Override public Varargs inext(LuaValue key) {
        int i = key.checkint() + 1;
        LuaValue v = store.get(i);
        return v.isnil() ? LuaValue.NONE : LuaValue.varargsOf(LuaValue.valueOf(i), v);
    }

    @Override public int length() { return store.length(); }

    @Override public LuaValue len() { return LuaValue.valueOf(store.length()); }

    @Override public int rawlen() { return store.length(); }

    // LuaTable's constructor calls these before the store exists
    @Override public void presize(int narray) { if (store != null) store.presize(narray); }

    @Override public void presize(int narray, int nhash) { if (store != null) store.presize(narray); }

    @Override public int keyCount() {
        int n = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs e = next(k);
            if ((k = e.arg1()).isnil()) return n;
            n++;
        }
    }

    @Override public LuaValue[] keys() {
        java.util.List<LuaValue> l = new java.util.ArrayList<>();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs e = next(k);
            if ((k = e.arg1()).isnil()) return l.toArray(new LuaValue[0]);
            l.add(k);
        }
    }

    @Override public void insert(int pos, LuaValue value) {
        if (pos == 0) pos = rawlen() + 1;
        for (int i = rawlen() + 1; i > pos; i--) rawset(i, rawget(i - 1));
        rawset(pos, value);
    }

    @Override public LuaValue remove(int pos) {
        int n = rawlen();
        if (pos == 0) pos = n;
        else if (pos > n) return NONE;
        LuaValue v = rawget(pos);
        for (; pos < n; pos++) rawset(pos, rawget(pos + 1));
        rawset(n, NIL);
        return v.isnil() ? NONE : v;
    }

    @Override public void sort(LuaValue comparator) {
        throw new UnsupportedOperationException("the sandbox sorts with table.sort (Lua 5.1's algorithm)");
    }

    @Override public Varargs unpack() { return unpack(1, rawlen()); }

    @Override public Varargs unpack(int i) { return unpack(i, rawlen()); }

    @Override public Varargs unpack(int i, int j) {
        if (j < i) return NONE;
        LuaValue[] v = new LuaValue[j - i + 1];
        for (int k = i; k <= j; k++) v[k - i] = rawget(k);
        return varargsOf(v);
    }
}
