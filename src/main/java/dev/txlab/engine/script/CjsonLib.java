package dev.txlab.engine.script;

import org.luaj.vm2.LuaUserdata;

/** The cjson library (lua-cjson 2.1.0 as bundled with Redis). */
final class CjsonLib {
    private CjsonLib() {}

    /** cjson.null: a light userdata holding NULL. */
    static final class Null extends LuaUserdata {
        Null() { super(new Object()); }
    }

    static ReadOnlyTable create(LuaVm vm) {
        ReadOnlyTable t = new ReadOnlyTable(vm);
        t.define("null", new Null());
        return t;
    }
}
