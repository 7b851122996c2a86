package dev.txlab.engine.script;

import org.luaj.vm2.LuaValue;

/**
 * A table Redis 7.0 has made read-only: the globals, every library table and their metatables.
 * Assigning to it from Lua code fails with {@code user_script:1: Attempt to modify a readonly
 * table}; doing so through a library function (rawset, table.insert, setmetatable) fails without
 * the position, as in Redis's patched Lua where the check sits in the C API.
 */
class ReadOnlyTable extends Lua51Table {
    private final LuaVm vm;
    private boolean locked;

    ReadOnlyTable(LuaVm vm) { this(vm, 0); }

    /** A library table with the hash size luaL_register gives it (its number of functions). */
    ReadOnlyTable(LuaVm vm, int nhash) {
        super(0, nhash);
        this.vm = vm;
    }

    void lock() { locked = true; }

    void unlock() { locked = false; }

    boolean isLocked() { return locked; }

    /** Writes during setup, whatever the lock. */
    void define(String key, LuaValue value) { store.set(LuaValue.valueOf(key), value); }

    private ScriptError fromLua() {
        return Raise.positioned(vm.tracker, vm.tracker.top(), "Attempt to modify a readonly table");
    }

    ScriptError fromApi() {
        return Raise.plain(vm.tracker, LuaValue.valueOf("Attempt to modify a readonly table"));
    }

    @Override public void set(int key, LuaValue value) {
        if (locked) throw fromLua();
        super.set(key, value);
    }

    @Override public void set(LuaValue key, LuaValue value) {
        if (locked) throw fromLua();
        super.set(key, value);
    }

    @Override public void rawset(int key, LuaValue value) {
        if (locked) throw fromApi();
        super.rawset(key, value);
    }

    @Override public void rawset(LuaValue key, LuaValue value) {
        if (locked) throw fromApi();
        super.rawset(key, value);
    }

    @Override public LuaValue setmetatable(LuaValue metatable) {
        if (locked) throw fromApi();
        return super.setmetatable(metatable);
    }

    @Override public void insert(int pos, LuaValue value) {
        if (locked) throw fromApi();
        super.insert(pos, value);
    }

    @Override public LuaValue remove(int pos) {
        if (locked) throw fromApi();
        return super.remove(pos);
    }

}
