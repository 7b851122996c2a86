package dev.txlab.engine.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** Lua 5.1's string library. */
final class StringLib51 {
    private StringLib51() {}

    static ReadOnlyTable create(LuaVm vm) {
        ReadOnlyTable t = new ReadOnlyTable(vm);
        copy(luaj(new org.luaj.vm2.lib.StringLib(), "string"), t);
        return t;
    }

    static LuaTable luaj(org.luaj.vm2.lib.LibFunction lib, String name) {
        Globals scratch = new Globals();
        LuaTable pkg = new LuaTable();
        pkg.set("loaded", new LuaTable());
        scratch.set("package", pkg);
        lib.call(LuaValue.valueOf(name), scratch);
        return (LuaTable) scratch.get(name);
    }

    static void copy(LuaTable from, ReadOnlyTable to) {
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = from.next(k);
            if ((k = n.arg1()).isnil()) break;
            to.rawset(k, n.arg(2));
        }
    }
}
