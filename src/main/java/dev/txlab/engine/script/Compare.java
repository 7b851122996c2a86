package dev.txlab.engine.script;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/** Lua 5.1's {@code <} as library code meets it (lua_lessthan, used by table.sort). */
final class Compare {
    private Compare() {}

    /** luaV_lessthan: same types only; numbers, strings (bytes, unsigned), or a shared __lt. */
    static boolean lessThan(LuaVm vm, LuaValue l, LuaValue r) {
        if (l.type() != r.type()) throw orderError(vm, l, r);
        if (l.type() == LuaValue.TNUMBER) return l.todouble() < r.todouble();
        if (l.type() == LuaValue.TSTRING) return compareStrings(l.strvalue(), r.strvalue()) < 0;
        LuaValue tm1 = l.metatag(LuaValue.LT);
        if (!tm1.isnil()) {
            LuaValue tm2 = r.metatag(LuaValue.LT);
            if (tm1.raweq(tm2)) return tm1.call(l, r).toboolean();
        }
        throw orderError(vm, l, r);
    }

    /** l_strcmp in the C locale: bytes compared unsigned, NUL lowest. */
    static int compareStrings(LuaString a, LuaString b) {
        return java.util.Arrays.compareUnsigned(a.m_bytes, a.m_offset, a.m_offset + a.m_length,
                b.m_bytes, b.m_offset, b.m_offset + b.m_length);
    }

    /** Raised from C (the sort function): no position. */
    private static ScriptError orderError(LuaVm vm, LuaValue l, LuaValue r) {
        return Raise.plain(vm.tracker, LuaValue.valueOf(RuntimeMessages.orderError(l, r)));
    }
}
