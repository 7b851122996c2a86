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

    SandboxGlobals(LuaVm vm) { this.vm = vm; }

    void lock() { locked = true; }

    void unlock() { locked = false; }

    void define(String key, LuaValue value) { super.rawset(LuaValue.valueOf(key), value); }

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
        super.rawset(key, value);
    }

    @Override public void rawset(LuaValue key, LuaValue value) {
        if (locked) throw Raise.plain(vm.tracker, LuaValue.valueOf("Attempt to modify a readonly table"));
        super.rawset(key, value);
    }

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
