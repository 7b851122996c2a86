package dev.txlab.engine.script;

final class CmsgpackLib {
    private CmsgpackLib() {}

    static ReadOnlyTable create(LuaVm vm) {
        return new ReadOnlyTable(vm);
    }
}
