package dev.txlab.engine.script;

import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.1's coroutine table on LuaJ's coroutines (each runs on its own Java thread, handing
 * control back and forth, so only one ever runs). {@code running} answers nil in the main
 * thread and {@code wrap} adds the position to a string error, as 5.1 does.
 */
final class CoroutineLib51 {
    private CoroutineLib51() {}

    static ReadOnlyTable create(LuaVm vm) {
        ReadOnlyTable t = new ReadOnlyTable(vm, 6);
        t.define("create", LuaFn.of(vm, "create", (self, args) -> {
            LuaValue f = args.arg1();
            if (!f.isfunction() || !f.isclosure()) throw self.argError(1, "Lua function expected");
            return new LuaThread(vm.globals, f);
        }));
        t.define("resume", LuaFn.of(vm, "resume", (self, args) -> {
            LuaValue co = args.arg1();
            if (!co.isthread()) throw self.argError(1, "coroutine expected");
            return resume(vm, (LuaThread) co, args.subargs(2));
        }));
        t.define("running", LuaFn.of(vm, "running", (self, args) -> {
            LuaThread r = vm.globals.running;
            return r.isMainThread() ? LuaValue.NIL : r;
        }));
        t.define("status", LuaFn.of(vm, "status", (self, args) -> {
            LuaValue co = args.arg1();
            if (!co.isthread()) throw self.argError(1, "coroutine expected");
            return LuaValue.valueOf(((LuaThread) co).getStatus());
        }));
        t.define("wrap", LuaFn.of(vm, "wrap", (self, args) -> {
            LuaValue f = args.arg1();
            if (!f.isfunction() || !f.isclosure()) throw self.argError(1, "Lua function expected");
            LuaThread co = new LuaThread(vm.globals, f);
            return LuaFn.of(vm, "wrap", (inner, a) -> {
                Varargs r = resume(vm, co, a);
                if (r.arg1().toboolean()) return r.subargs(2);
                LuaValue err = r.arg(2);
                if (err.isstring()) throw inner.fail(Lua51.toLuaString(err));
                throw Raise.plain(vm.tracker, err);
            });
        }));
        t.define("yield", LuaFn.of(vm, "yield", (self, args) -> {
            if (vm.globals.running.isMainThread()) {
                throw Raise.plain(vm.tracker, LuaValue.valueOf("attempt to yield across metamethod/C-call boundary"));
            }
            return vm.globals.yield(args);
        }));
        return t;
    }

    private static Varargs resume(LuaVm vm, LuaThread co, Varargs args) {
        Varargs r = co.resume(args);
        // a stop inside the coroutine reaches its Java thread first: carry it on in this one
        if (vm.tracker.stopReason() != null) throw new ScriptStopped(vm.tracker.stopReason());
        if (!r.arg1().toboolean()) {
            // LuaJ passes errors between threads as text; give back the value that was raised
            LuaValue raised = vm.tracker.raisedValue(r.arg(2).tojstring());
            if (raised != null) return LuaValue.varargsOf(LuaValue.FALSE, raised);
        }
        return r;
    }
}
