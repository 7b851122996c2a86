package dev.txlab.engine.script;

final class StructLib {
    private StructLib() {}

    static ReadOnlyTable create(LuaVm vm) {
        return new ReadOnlyTable(vm);
    }
}
