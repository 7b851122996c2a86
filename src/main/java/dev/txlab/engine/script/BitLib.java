package dev.txlab.engine.script;

final class BitLib {
    private BitLib() {}

    static ReadOnlyTable create(LuaVm vm) {
        return new ReadOnlyTable(vm);
    }
}
