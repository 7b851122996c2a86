package dev.txlab.engine.script;

import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code redis} table: call and pcall into the engine, error_reply and status_reply, sha1hex,
 * log (to the trace), setresp, set_repl, and the version constants, with Redis 7.0's messages.
 */
final class RedisLib {
    private RedisLib() {}

    static final String VERSION = dev.txlab.engine.Engine.REDIS_VERSION;
    static final int VERSION_NUM = 0x07000f;

    static ReadOnlyTable create(LuaVm vm) {
        ReadOnlyTable redis = new ReadOnlyTable(vm);
        // in the order script_lua.c and eval.c add them, which decides pairs(redis)
        redis.define("call", LuaFn.of(vm, "call", (self, args) -> command(self, args, true)));
        redis.define("pcall", LuaFn.of(vm, "pcall", (self, args) -> command(self, args, false)));
        redis.define("log", LuaFn.of(vm, "log", RedisLib::log));
        redis.define("LOG_DEBUG", LuaValue.valueOf(0));
        redis.define("LOG_VERBOSE", LuaValue.valueOf(1));
        redis.define("LOG_NOTICE", LuaValue.valueOf(2));
        redis.define("LOG_WARNING", LuaValue.valueOf(3));
        redis.define("REDIS_VERSION_NUM", LuaValue.valueOf(VERSION_NUM));
        redis.define("REDIS_VERSION", LuaValue.valueOf(VERSION));
        redis.define("setresp", LuaFn.of(vm, "setresp", RedisLib::setResp));
        redis.define("sha1hex", LuaFn.of(vm, "sha1hex", RedisLib::sha1hex));
        redis.define("error_reply", LuaFn.of(vm, "error_reply", RedisLib::errorReply));
        redis.define("status_reply", LuaFn.of(vm, "status_reply", RedisLib::statusReply));
        redis.define("set_repl", LuaFn.of(vm, "set_repl", RedisLib::setRepl));
        redis.define("REPL_NONE", LuaValue.valueOf(0));
        redis.define("REPL_AOF", LuaValue.valueOf(1));
        redis.define("REPL_SLAVE", LuaValue.valueOf(2));
        redis.define("REPL_REPLICA", LuaValue.valueOf(2));
        redis.define("REPL_ALL", LuaValue.valueOf(3));
        redis.define("acl_check_cmd", LuaFn.of(vm, "acl_check_cmd", RedisLib::aclCheckCmd));
        redis.define("breakpoint", LuaFn.of(vm, "breakpoint", (self, args) -> LuaValue.FALSE));
        redis.define("debug", LuaFn.of(vm, "debug", (self, args) -> LuaValue.NONE));
        redis.define("replicate_commands", LuaFn.of(vm, "replicate_commands", (self, args) -> LuaValue.TRUE));
        return redis;
    }

    /** Raises an {@code {err="ERR ..."}} table, as luaPushError then luaError do. */
    static ScriptError raise(LuaVm vm, String message) {
        return Raise.plain(vm.tracker, Conversions.errorTable(message));
    }

    private static ScriptRun run(LuaVm vm, String what) {
        ScriptRun run = vm.run;
        if (run == null) throw raise(vm, what + " can only be called inside a script invocation");
        return run;
    }

    /** redis.call (raiseError) and redis.pcall. */
    private static Varargs command(LuaFn self, Varargs args, boolean raiseError) {
        LuaVm vm = self.vm;
        ScriptRun run = run(vm, "redis.call/pcall");
        List<byte[]> argv = toArgv(args);
        if (argv == null) {
            LuaTable err = Conversions.errorTable(args.narg() == 0
                    ? "Please specify at least one argument for this redis lib call"
                    : "Lua redis lib command arguments must be strings or integers");
            if (raiseError) throw Raise.plainFrom(vm.tracker, self, err);
            return err;
        }
        CallTracker.Frame caller = vm.tracker.top();
        LuaValue result = run.call(argv, !raiseError, caller == null ? -1 : caller.line());
        if (raiseError && result.istable() && result.rawget(Conversions.ERR).isstring()
                && run.lastCallFailed()) {
            throw Raise.plainFrom(vm.tracker, self, result);
        }
        return result;
    }

    /**
     * luaArgsToRedisArgv: strings as they are, numbers with {@code %.17g} (Redis 7.0 sends 0.1 as
     * "0.10000000000000001"), anything else refused (null).
     */
    static List<byte[]> toArgv(Varargs args) {
        int n = args.narg();
        if (n == 0) return null;
        List<byte[]> argv = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            LuaValue v = args.arg(i);
            if (v.type() == LuaValue.TNUMBER) {
                argv.add(CFormat.g17(v.todouble()).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            } else if (v.type() == LuaValue.TSTRING) {
                LuaString s = v.strvalue();
                if (s.m_length > 4096) MemoryGuard.reserveActive(s.m_length, "an argument of redis.call");
                argv.add(Lua51.toBytes(s));
            } else {
                return null;
            }
        }
        return argv;
    }

    private static Varargs sha1hex(LuaFn self, Varargs args) {
        if (args.narg() != 1) throw raise(self.vm, "wrong number of arguments");
        LuaString s = Lua51.toLuaString(args.arg1());
        byte[] bytes = s == null ? new byte[0] : Lua51.toBytes(s);
        return LuaValue.valueOf(ScriptCache.sha1hex(bytes));
    }

    private static Varargs errorReply(LuaFn self, Varargs args) {
        if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
            return Conversions.errorTable("wrong number or type of arguments");
        }
        String err = Conversions.cString(args.arg1().strvalue());
        return Conversions.errorTable(err.startsWith("-") ? err : "-" + err);
    }

    private static Varargs statusReply(LuaFn self, Varargs args) {
        if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
            return Conversions.errorTable("wrong number or type of arguments");
        }
        LuaTable t = new Lua51Table();
        t.rawset(Conversions.OK, args.arg1());
        return t;
    }

    private static Varargs log(LuaFn self, Varargs args) {
        int argc = args.narg();
        if (argc < 2) throw raise(self.vm, "redis.log() requires two arguments or more.");
        Double level = Lua51.toNumber(args.arg1());
        if (level == null) throw raise(self.vm, "First argument must be a number (log level).");
        int l = (int) Lua51.toLong(level);
        if (l < 0 || l > 3) throw raise(self.vm, "Invalid debug level.");
        StringBuilder message = new StringBuilder();
        for (int j = 2; j <= argc; j++) {
            LuaString s = Lua51.toLuaString(args.arg(j));
            if (s == null) continue;
            if (j != 2) message.append(' ');
            message.append(Lua51.latin1(s));
        }
        ScriptRun run = self.vm.run;
        if (run != null) run.logged(l, message.toString());
        return LuaValue.NONE;
    }

    private static Varargs setResp(LuaFn self, Varargs args) {
        ScriptRun run = run(self.vm, "redis.setresp");
        if (args.narg() != 1) throw raise(self.vm, "redis.setresp() requires one argument.");
        Double d = Lua51.toNumber(args.arg1());
        int resp = d == null ? 0 : (int) Lua51.toLong(d);
        if (resp != 2 && resp != 3) throw raise(self.vm, "RESP version must be 2 or 3.");
        run.resp = resp;
        return LuaValue.NONE;
    }

    private static Varargs setRepl(LuaFn self, Varargs args) {
        run(self.vm, "redis.set_repl");
        if (args.narg() != 1) throw raise(self.vm, "redis.set_repl() requires two arguments.");
        Double d = Lua51.toNumber(args.arg(args.narg()));
        int flags = d == null ? 0 : (int) Lua51.toLong(d);
        if ((flags & ~3) != 0) {
            throw raise(self.vm, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
        }
        return LuaValue.NONE;
    }

    private static Varargs aclCheckCmd(LuaFn self, Varargs args) {
        ScriptRun run = run(self.vm, "redis.acl_check_cmd");
        List<byte[]> argv = toArgv(args);
        if (argv == null) {
            throw Raise.plain(self.vm.tracker, Conversions.errorTable(args.narg() == 0
                    ? "Please specify at least one argument for this redis lib call"
                    : "Lua redis lib command arguments must be strings or integers"));
        }
        if (!run.commandExists(argv)) throw raise(self.vm, "Invalid command passed to redis.acl_check_cmd()");
        return LuaValue.valueOf(run.allowed(argv));
    }
}
