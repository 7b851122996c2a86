package dev.txlab.engine.script;

/** Lua 5.1's table library. */
final class TableLib51 {
    private TableLib51() {}

    static ReadOnlyTable create(LuaVm vm) {
        ReadOnlyTable t = new ReadOnlyTable(vm);
        StringLib51.copy(StringLib51.luaj(new org.luaj.vm2.lib.TableLib(), "table"), t);
        return t;
    }
}
