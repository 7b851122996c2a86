package dev.txlab.engine.script;

import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.1's coroutine table, on the lab's own {@link Coroutine}s. {@code running} answers nil in
 * the main thread, {@code wrap} adds the position to a string error, and {@code yield} refuses to
 * cross a C function or metamethod, as 5.1 does.
 */
final class CoroutineLib51 {
    private CoroutineLib51() {}

    private static Coroutine.Channel channel(LuaVm vm) { return ((Coroutine) vm.globals.running).channel; }

    static ReadOnlyTable create(LuaVm vm) {
        ReadOnlyTable t = new ReadOnlyTable(vm, 6);
        t.define("create", LuaFn.of(vm, "create", (self, args) -> {
            LuaValue f = args.arg1();
            if (!f.isfunction() || !f.isclosure()) throw self.argError(1, "Lua function expected");
            return vm.newCoroutine(f);
        }));
        t.define("resume", LuaFn.of(vm, "resume", (self, args) -> {
            LuaValue co = args.arg1();
            if (!(co instanceof Coroutine c)) throw self.argError(1, "coroutine expected");
            return c.resume(args.subargs(2));
        }));
        t.define("running", LuaFn.of(vm, "running", (self, args) -> {
            LuaThread r = vm.globals.running;
            return r instanceof Coroutine ? r : LuaValue.NIL;
        }));
        t.define("status", LuaFn.of(vm, "status", (self, args) -> {
            LuaValue co = args.arg1();
            if (!(co instanceof Coroutine c)) throw self.argError(1, "coroutine expected");
            return LuaValue.valueOf(c.getStatus());
        }));
        t.define("wrap", LuaFn.of(vm, "wrap", (self, args) -> {
            LuaValue f = args.arg1();
            if (!f.isfunction() || !f.isclosure()) throw self.argError(1, "Lua function expected");
            Coroutine co = vm.newCoroutine(f);
            return LuaFn.of(vm, "wrap", (inner, a) -> {
                Varargs r = co.resume(a);
                if (r.arg1().toboolean()) return r.subargs(2);
                LuaValue err = r.arg(2);
                if (err.isstring()) throw inner.fail(Lua51.toLuaString(err));
                throw Raise.plain(vm.tracker, err);
            });
        }));
        t.define("yield", LuaFn.of(vm, "yield", (self, args) -> {
            // lua_yield: only from a coroutine, and only where no C call (pcall, a metamethod, a
            // library function calling back) lies between the yield and the resume
            CallTracker.Frames frames = vm.tracker.frames();
            if (!(vm.globals.running instanceof Coroutine) || frames.cLevels > frames.baseCLevels
                    || Raise.directCaller(vm.tracker, self) == null) {
                throw Raise.plain(vm.tracker, LuaValue.valueOf("attempt to yield across metamethod/C-call boundary"));
            }
            // no reference to the coroutine itself stays on this thread's stack while it waits: a
            // coroutine the script drops can then be found unreachable (see Coroutine.Registry)
            return channel(vm).yield(args);
        }));
        return t;
    }
}
