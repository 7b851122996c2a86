package dev.txlab.engine.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;

/**
 * The scripts' global table, locked as Redis 7.0 locks it: reading a name that is not there is
 * an error ({@code Script attempted to access nonexistent global variable 'x'}, raised by the
 * metatable's __index) and no global can be created or changed. It is a LuaJ {@link Globals}
 * because LuaJ only calls its debug hooks for functions whose environment is one.
 */
final class SandboxGlobals extends Globals {
    private final LuaVm vm;
    private boolean locked;
    /** Lua 5.1's layout, so that pairs(_G) visits the globals in Redis's order. */
    private final TableStore store = new TableStore(0, 2); // lua_open makes the globals with 2 slots

    SandboxGlobals(LuaVm vm) { this.vm = vm; }

    void lock() { locked = true; }

    void unlock() { locked = false; }

    boolean isLocked() { return locked; }

    void define(String key, LuaValue value) { store.set(LuaValue.valueOf(key), value); }

    @Override public LuaValue rawget(int key) { return store.get(key); }

    @Override public LuaValue rawget(LuaValue key) { return store.get(key); }

    @Override protected LuaValue hashget(LuaValue key) { return store.get(key); }

    @Override public org.luaj.vm2.Varargs next(LuaValue key) {
        org.luaj.vm2.Varargs n = store.next(key);
        if (n == null) throw new org.luaj.vm2.LuaError("invalid key to 'next'");
        return n == LuaValue.NONE ? LuaValue.NIL : n;
    }

    @Override public int length() { return store.length(); }

    @Override public LuaValue len() { return LuaValue.valueOf(store.length()); }

    @Override public int rawlen() { return store.length(); }

    @Override public void set(int key, LuaValue value) {
        if (locked) throw Raise.positioned(vm.tracker, vm.tracker.top(), "Attempt to modify a readonly table");
        super.set(key, value);
    }

    @Override public void set(LuaValue key, LuaValue value) {
        if (locked) throw Raise.positioned(vm.tracker, vm.tracker.top(), "Attempt to modify a readonly table");
        super.set(key, value);
    }

    @Override public void rawset(int key, LuaValue value) {
        if (locked) throw Raise.plain(vm.tracker, LuaValue.valueOf("Attempt to modify a readonly table"));
        store.set(key, value);
    }

    @Override public void rawset(LuaValue key, LuaValue value) {
        if (locked) throw Raise.plain(vm.tracker, LuaValue.valueOf("Attempt to modify a readonly table"));
        Lua51Table.checkKey(key);
        store.set(key, value);
    }

    @Override public void hashset(LuaValue key, LuaValue value) { rawset(key, value); }

    @Override public LuaValue setmetatable(LuaValue metatable) {
        if (locked) throw Raise.plain(vm.tracker, LuaValue.valueOf("Attempt to modify a readonly table"));
        return super.setmetatable(metatable);
    }

    @Override public void insert(int pos, LuaValue value) {
        if (locked) throw Raise.plain(vm.tracker, LuaValue.valueOf("Attempt to modify a readonly table"));
        super.insert(pos, value);
    }

    @Override public LuaValue remove(int pos) {
        if (locked) throw Raise.plain(vm.tracker, LuaValue.valueOf("Attempt to modify a readonly table"));
        return super.remove(pos);
    }
}
