package dev.txlab.engine.script;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.OneArgFunction;

/**
 * One sandboxed Lua interpreter, as Redis 7.0 builds it: the Lua 5.1 base library without
 * print/loadfile/dofile, string, table, math, coroutine, cjson, bit, struct, cmsgpack and the
 * redis table; no os, io, package, debug or Java access. Every table reachable from the globals
 * is locked. SCRIPT FLUSH throws the whole interpreter away and builds a new one.
 */
final class LuaVm {
    final SandboxGlobals globals;
    final CallTracker tracker;
    final MemoryGuard memory;
    /** The coroutines that hold a thread; all ended when a script ends. */
    final Coroutine.Registry coroutines = new Coroutine.Registry(this);
    /** The script running now, or null between scripts. */
    ScriptRun run;
    final LuaFn nextFunction;
    final LuaFn ipairsIterator;
    /** What the rewritten '..' calls (see ConcatRewriter). */
    final LuaFn concat = ConcatRewriter.function(this);
    private final java.util.Map<Long, LuaFn> tableFactories = new java.util.HashMap<>();
    final ReadOnlyTable stringMetatable;
    /** Redis's math.random generator; it outlives the interpreter (SCRIPT FLUSH keeps it). */
    final Lrand48 random;

    static {
        // LuaJ's '^' uses the MathLib instance made last; without one it multiplies in a loop,
        // which rounds differently from C's pow. JseMathLib's uses Math.pow.
        new org.luaj.vm2.lib.jse.JseMathLib();
    }

    LuaVm(Lrand48 random) {
        this.random = random;
        globals = new SandboxGlobals(this);
        tracker = new CallTracker(globals, new ErrorHandler());
        memory = new MemoryGuard(tracker);
        tracker.setConcatHelper(concat);
        globals.debuglib = tracker;
        nextFunction = LuaFn.of(this, "next", (self, args) -> {
            LuaTable t = self.checkTable(args, 1);
            Varargs n = t.next(args.arg(2));
            return n.arg1().isnil() ? LuaValue.NIL : n;
        });
        ipairsIterator = BaseLib51.ipairsIterator(this);

        // The globals are filled in the order Redis fills them, refused names included (the
        // allow list leaves them in the table without a value): the order decides where each
        // name lands in the table, hence the order pairs(_G) visits them in. The installed
        // Debian build refuses getfenv, setfenv and newproxy too (found by matching its order).
        java.util.Map<String, LuaValue> base = BaseLib51.functions(this);
        globals.define("_G", globals);
        for (String name : new String[] {"assert", "collectgarbage", "dofile", "error", "gcinfo", "getfenv",
                "getmetatable", "loadfile", "load", "loadstring", "next", "pcall", "print", "rawequal", "rawget",
                "rawset", "select", "setfenv", "setmetatable", "tonumber", "tostring", "type", "unpack", "xpcall"}) {
            globals.define(name, base.getOrDefault(name, LuaValue.NIL));
        }
        globals.define("_VERSION", base.get("_VERSION"));
        globals.define("ipairs", base.get("ipairs"));
        globals.define("pairs", base.get("pairs"));
        globals.define("newproxy", LuaValue.NIL);
        globals.define("coroutine", CoroutineLib51.create(this));
        globals.define("table", TableLib51.create(this));
        ReadOnlyTable string = StringLib51.create(this);
        globals.define("string", string);
        globals.define("math", MathLib51.create(this));
        globals.define("debug", LuaValue.valueOf("removed below, as Redis removes it after init"));
        globals.define("cjson", CjsonLib.create(this));
        globals.define("struct", StructLib.create(this));
        globals.define("cmsgpack", CmsgpackLib.create(this));
        globals.define("bit", BitLib.create(this));
        globals.define("pcall", base.get("pcall"));
        globals.define("redis", RedisLib.create(this));
        globals.define("debug", LuaValue.NIL);
        globals.define("__redis__err__handler", LuaFn.of(this, "__redis__err__handler", this::redisErrorHandler));

        stringMetatable = new ReadOnlyTable(this);
        stringMetatable.define("__index", string);

        ReadOnlyTable globalsMeta = new ReadOnlyTable(this);
        globalsMeta.define("__index", LuaFn.of(this, "__index", (self, args) -> {
            // luaProtectedTableError: luaL_error, positioned at the Lua code that read the global
            LuaString name = Lua51.toLuaString(args.arg(2));
            String text = name == null ? "?" : Lua51.latin1(name);
            throw self.fail(Lua51.bytes("Script attempted to access nonexistent global variable '" + text + "'"));
        }));
        globals.setmetatable(globalsMeta);
        lockRecursively(globals, new java.util.IdentityHashMap<>());
        globals.lock();
        stringMetatable.lock();
    }

    /**
     * What a rewritten OP_SETLIST with a variable count calls: stores its arguments at
     * (batch-1)*50+1... in the table the caller saved in register {@code tableRegister}.
     */
    LuaFn setListFunction(int batch, int tableRegister) {
        return LuaFn.of(this, "setlist", (self, args) -> {
            LuaValue t = tracker.top().stack[tableRegister];
            int offset = (batch - 1) * 50;
            int n = args.narg();
            if (t instanceof Lua51Table lt) lt.store.presize(offset + n);
            for (int j = n; j >= 1; j--) t.rawset(offset + j, args.arg(j));
            return LuaValue.NONE;
        });
    }

    /** What a rewritten table constructor calls: a new Lua 5.1 table of the given sizes. */
    LuaFn tableFactory(int narray, int nhash) {
        long slots = (long) Math.max(0, narray) + Math.max(0, nhash);
        return tableFactories.computeIfAbsent(((long) narray << 32) | (nhash & 0xffffffffL),
                k -> LuaFn.of(this, "newtable", (self, args) -> {
                    if (slots > 4096) memory.reserve(slots * 24, "a table of " + slots + " slots");
                    return new Lua51Table(narray, nhash);
                }));
    }

    /** coroutine.create and wrap. */
    Coroutine newCoroutine(LuaValue body) { return new Coroutine(this, body, coroutines); }

    /** Prepares the interpreter for a run. */
    void startRun(long timeLimitNanos) { startRun(timeLimitNanos, null); }

    /** As above; {@code busyCheck} also runs every few thousand instructions (BUSY in serve). */
    void startRun(long timeLimitNanos, Runnable busyCheck) {
        memory.startRun();
        tracker.startRun(timeLimitNanos, busyCheck == null ? memory::check : () -> {
            memory.check();
            busyCheck.run();
        });
    }

    /** After a run, however it ended: no coroutine, hook or guard of it stays behind. */
    void endRun() {
        coroutines.closeAll();
        tracker.endRun();
        memory.endRun();
        run = null;
    }

    /** luaSetTableProtectionRecursively: every table reachable from the globals, and metatables. */
    private static void lockRecursively(LuaTable t, java.util.IdentityHashMap<LuaTable, Boolean> seen) {
        if (seen.put(t, Boolean.TRUE) != null) return;
        if (t instanceof ReadOnlyTable r) r.lock();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) break;
            if (n.arg(2).istable()) lockRecursively((LuaTable) n.arg(2), seen);
        }
        LuaValue mt = t.getmetatable();
        if (mt != null && mt.istable()) lockRecursively((LuaTable) mt, seen);
    }

    /** Makes this interpreter's string metatable the one LuaJ uses (a JVM-wide static). */
    void activate() {
        LuaString.s_metatable = stringMetatable;
    }

    /** Sets KEYS and ARGV, which Redis re-creates for each EVAL with the protection lifted. */
    void setKeysAndArgs(java.util.List<byte[]> keys, java.util.List<byte[]> args) {
        globals.unlock();
        try {
            globals.define("KEYS", array(keys));
            globals.define("ARGV", array(args));
        } finally {
            globals.lock();
        }
    }

    static LuaTable array(java.util.List<byte[]> items) {
        LuaTable t = new Lua51Table();
        for (int i = 0; i < items.size(); i++) t.rawset(i + 1, LuaString.valueOf(items.get(i)));
        return t;
    }

    // ---- compiling ----------------------------------------------------------------------------

    /** A compile error; the message is Lua's, e.g. {@code user_script:1: unexpected symbol near '<eof>'}. */
    static final class CompileError extends Exception {
        private static final long serialVersionUID = 1L;
        final LuaString message;

        CompileError(LuaString message) {
            super(Lua51.latin1(message), null, false, false);
            this.message = message;
        }
    }

    /** Compiles a chunk with Lua 5.1's grammar and messages; chunkname as lua_load takes it. */
    Prototype compile(byte[] source, LuaString chunkname) throws CompileError {
        LuaSource.Checked checked = LuaSource.check(source, chunkname);
        if (checked.error() != null) throw new CompileError(checked.error());
        try {
            return compileChecked(checked.canonical(), chunkname);
        } catch (LuaError e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (!message.contains(" near ") && (message.endsWith(TOO_COMPLEX) || message.endsWith(TOO_LONG))) {
                message += " near '" + nearToken(source, checked.canonical(), chunkname) + "'";
            }
            throw new CompileError(Lua51.bytes(message));
        }
    }

    private static final String TOO_COMPLEX = "function or expression too complex";
    private static final String TOO_LONG = "control structure too long";

    /** The source LuaJ compiles, counting how far its lexer has read. */
    private static final class CountingInput extends ByteArrayInputStream {
        CountingInput(byte[] bytes) { super(bytes); }

        int consumed() { return pos; }
    }

    /**
     * The token Lua 5.1 names in a code generator error ("near" the current token), which LuaJ
     * raises at the same point but without the token. LuaJ's lexer reads the source a byte at a
     * time and has read exactly the current token and the blank after it (the canonical source
     * puts one after every token) when it raises: how far it read names the token.
     */
    private String nearToken(byte[] source, byte[] canonical, LuaString chunkname) {
        CountingInput in = new CountingInput(canonical);
        try {
            LuaC.instance.compile(in, Lua51.latin1(chunkname));
        } catch (IOException | RuntimeException e) {
            // expected: the same LuaError again
        }
        List<LuaSource.Token> tokens = LuaSource.tokens(source, chunkname);
        String near = "<eof>";
        for (LuaSource.Token t : tokens) {
            if (t.canonicalEnd() > in.consumed()) break;
            near = t.near();
        }
        return near;
    }

    private Prototype compileChecked(byte[] canonical, LuaString chunkname) throws CompileError {
        try {
            Prototype p = LuaC.instance.compile(new ByteArrayInputStream(canonical), Lua51.latin1(chunkname));
            p = fixSources(p, chunkname);
            ConcatRewriter.rewrite(p, this);
            return p;
        } catch (LuaError | IOException e) {
            // the 5.1 check accepted what LuaJ's 5.2 compiler refuses (e.g. 'goto' as a name)
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (e instanceof LuaError le && (message.endsWith(TOO_COMPLEX) || message.endsWith(TOO_LONG))) throw le;
            if (message.contains("compiler assert failed") || message.startsWith("vm error")) {
                throw new CompileError(LuaValue.valueOf("txlab's Lua compiler (LuaJ) cannot compile this script,"
                        + " which Lua 5.1 compiles"));
            }
            throw new CompileError(LuaValue.valueOf(message));
        } catch (RuntimeException e) {
            throw new CompileError(LuaValue.valueOf("txlab's Lua compiler (LuaJ) cannot compile this script ("
                    + e.getClass().getSimpleName() + "), which Lua 5.1 compiles"));
        }
    }

    /** LuaJ decodes the chunk name as UTF-8; the source must keep the exact bytes. */
    private static Prototype fixSources(Prototype p, LuaString chunkname) {
        p.source = chunkname;
        for (Prototype child : p.p) fixSources(child, chunkname);
        return p;
    }

    /** loadstring and load: the function, or nil and the compile error. */
    Varargs loadChunk(byte[] chunk, LuaString chunkname) {
        if (chunk.length > 65536) memory.reserve(chunk.length * 16L, "the compiled code of a chunk");
        try {
            Prototype p = compile(chunk, chunkname);
            return new LuaClosure(p, globals);
        } catch (CompileError e) {
            return LuaValue.varargsOf(LuaValue.NIL, e.message);
        }
    }

    // ---- errors ------------------------------------------------------------------------------

    /** The value a caught Lua error carries, with Lua 5.1's text for errors LuaJ raised. */
    LuaValue errorValue(LuaError e) {
        if (e instanceof ScriptError se) return se.value();
        LuaValue processed = tracker.processedValue(e.getMessage());
        if (processed != null) return processed;
        LuaValue object = e.getMessageObject();
        if (object != null && !object.isstring()) return object;
        // never passed through a Lua function's error handler (an error in a tail call)
        return process(e.getMessage() == null ? "nil" : e.getMessage());
    }

    private LuaValue process(String raw) {
        CallTracker.Frame top = tracker.top();
        if (raw.startsWith(VM_ERROR)) raw = interpreterFailure(raw);
        String translated = RuntimeMessages.translate(top, raw);
        String text = translated != null ? translated : raw;
        LuaValue value = top == null ? Lua51.bytes(text) : Raise.where(top).concat(Lua51.bytes(text)).strvalue();
        tracker.recordOrigin(top);
        tracker.recordProcessed(value.tojstring(), value);
        return value;
    }

    /** How LuaJ's interpreter words a Java exception thrown inside it: "vm error: java.lang.X: ...". */
    static final String VM_ERROR = "vm error: ";

    /**
     * A Java exception inside LuaJ's interpreter is never the script's fault, and its Java text
     * means nothing to a user: it becomes a one-line Lua error (pcall can catch it, as any error)
     * that says the lab failed where Redis would not.
     */
    static String interpreterFailure(String raw) {
        String exception = raw.substring(VM_ERROR.length());
        int colon = exception.indexOf(':');
        if (colon >= 0) exception = exception.substring(0, colon);
        exception = exception.substring(exception.lastIndexOf('.') + 1).trim();
        return "txlab's Lua interpreter failed here (" + exception + "), where Redis's Lua would not";
    }

    /**
     * LuaJ calls this where an error it raised (indexing nil, calling nil, arithmetic on a table
     * ...) meets the innermost Lua function, before unwinding: the frames are still there, so the
     * message can be rebuilt as Lua 5.1 words it. LuaJ passes {@code <source>:<line> <message>}.
     */
    private final class ErrorHandler extends OneArgFunction {
        @Override public LuaValue call(LuaValue arg) {
            String message = arg.tojstring();
            CallTracker.Frames frames = tracker.frames();
            CallTracker.Frame live = null;
            for (int i = frames.size - 1; i >= 0; i--) {
                if (!frames.get(i).tail) {
                    live = frames.get(i);
                    break;
                }
            }
            if (live != null) {
                String prefix = live.p.source.tojstring() + ":" + (live.line() > 0 ? live.line() : "?") + " ";
                if (message.startsWith(prefix)) message = message.substring(prefix.length());
            }
            return process(message);
        }
    }

    /** The global __redis__err__handler, callable by scripts as in Redis. */
    private Varargs redisErrorHandler(LuaFn self, Varargs args) {
        LuaValue err = args.arg1();
        LuaTable t;
        if (err.istable()) {
            t = (LuaTable) err;
        } else {
            t = new Lua51Table();
            t.rawset(Conversions.ERR, LuaValue.valueOf("ERR ").concat(BaseLib51.tostring(err)).strvalue());
        }
        CallTracker.Frame top = tracker.top();
        if (top != null) {
            t.set(LuaValue.valueOf("source"), top.p.source);
            t.set(LuaValue.valueOf("line"), LuaValue.valueOf(top.line()));
        }
        return t;
    }
}
