package dev.txlab.engine.script;

/** Lua 5.1's math library. */
final class MathLib51 {
    private MathLib51() {}

    static ReadOnlyTable create(LuaVm vm) {
        ReadOnlyTable t = new ReadOnlyTable(vm);
        StringLib51.copy(StringLib51.luaj(new org.luaj.vm2.lib.jse.JseMathLib(), "math"), t);
        return t;
    }
}
