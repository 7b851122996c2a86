package dev.txlab.engine.script;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Engine;
import dev.txlab.engine.Numbers;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;

/**
 * Redis 7.0's Functions (functions.c and function_lua.c): libraries loaded with FUNCTION LOAD,
 * each registering named functions that FCALL runs. They run exactly as EVAL scripts do (one
 * atomic unit, no rollback, the same {@code redis} API), on an interpreter of their own: SCRIPT
 * FLUSH does not touch them, and they belong to the data set (FUNCTION DUMP/RESTORE, the RDB).
 *
 * <p>As in Redis, the functions' interpreter runs every chunk with an empty, protected globals
 * table whose {@code __index} leads elsewhere: while a library loads, to the library API only
 * ({@code redis.register_function}, {@code redis.log}, the version constants: nothing else is
 * reachable); while a function runs, to the full sandbox of an EVAL script.
 */
public final class Functions {
    /** Redis's LOAD_TIMEOUT_MS: loading a library only registers functions, 500 ms is plenty. */
    static final long LOAD_TIMEOUT_MS = 500;
    static final String ENGINE_NAME = "LUA";
    private static final String BAD_NAME = "Library names can only contain letters, numbers, or underscores(_) and must"
            + " be at least one character long";
    /** Redis's scripts_flags_def, in its order (FUNCTION LIST shows flags in this order). */
    static final List<String> FLAG_NAMES =
            List.of("no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys");

    /** A function registered by a library; {@code flags} are names from {@link #FLAG_NAMES}. */
    public record Function(String name, byte[] description, List<String> flags, LuaValue callback, Library library) {
        public boolean noWrites() { return flags.contains("no-writes"); }

        public boolean allowOom() { return flags.contains("allow-oom"); }

        public boolean allowCrossSlot() { return flags.contains("allow-cross-slot-keys"); }

        public boolean noCluster() { return flags.contains("no-cluster"); }

        public boolean allowStale() { return flags.contains("allow-stale"); }
    }

    /** A loaded library: its name, its whole code (metadata line included) and its functions. */
    public static final class Library {
        final String name;
        final byte[] code;
        /** By exact name (the library's dict is case-sensitive, FCALL's lookup is not), in registration order. */
        final Map<String, Function> functions = new LinkedHashMap<>();

        Library(String name, byte[] code) {
            this.name = name;
            this.code = code;
        }

        public String name() { return name; }

        public byte[] code() { return code; }
    }

    private final Engine engine;
    /** By name, case-sensitive as Redis's libraries dict. */
    private final Map<String, Library> libraries = new LinkedHashMap<>();
    /** Every library's functions, by lower-cased name. */
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private LuaVm vm;
    private SandboxGlobals env;
    private ReadOnlyTable envMeta;
    private ReadOnlyTable libraryApi;
    /** The library being loaded, or null: redis.register_function works only then. */
    private Library loading;

    public Functions(Engine engine) { this.engine = engine; }

    /** The function called by this name (case-blind), or null. */
    public Function find(byte[] name) {
        return functions.get(lower(new String(name, StandardCharsets.ISO_8859_1)));
    }

    /** The libraries, in load order (Redis leaves the order undefined). */
    public List<Library> libraries() { return List.copyOf(libraries.values()); }

    public int functionCount() { return functions.size(); }

    /** The engine's n_functions: every library's functions, 't' and 'T' of one library counted apart. */
    private int registeredCount() {
        int n = 0;
        for (Library l : libraries.values()) n += l.functions.size();
        return n;
    }

    private static String lower(String s) { return s.toLowerCase(Locale.ROOT); }

    // ---- the interpreter -------------------------------------------------------------------------

    /** The functions' interpreter, with its proxy globals and library API, made on first use. */
    private LuaVm vm() {
        if (vm != null) return vm;
        LuaVm lua = new LuaVm(new Lrand48());
        LuaValue redis = lua.globals.rawget(LuaValue.valueOf("redis"));
        ReadOnlyTable loadRedis = new ReadOnlyTable(lua);
        loadRedis.define("register_function", LuaFn.of(lua, "register_function", this::registerFunction));
        for (String name : new String[] {"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING",
                "REDIS_VERSION_NUM", "REDIS_VERSION"}) {
            loadRedis.define(name, redis.rawget(LuaValue.valueOf(name)));
        }
        loadRedis.setmetatable(errorMetatable(lua));
        ReadOnlyTable api = new ReadOnlyTable(lua);
        api.define("redis", loadRedis);
        api.setmetatable(errorMetatable(lua));
        loadRedis.lock();
        api.lock();
        ((ReadOnlyTable) loadRedis.getmetatable()).lock();
        ((ReadOnlyTable) api.getmetatable()).lock();

        ReadOnlyTable meta = new ReadOnlyTable(lua);
        meta.define("__index", lua.globals);
        // a LuaJ Globals, sharing the interpreter's hooks: LuaJ counts instructions (time limit,
        // BUSY, SCRIPT KILL, the memory guard) only in functions whose environment is one
        SandboxGlobals proxy = new SandboxGlobals(lua);
        proxy.debuglib = lua.tracker;
        proxy.running = lua.globals.running;
        proxy.setmetatable(meta);
        meta.lock();
        proxy.lock();
        this.libraryApi = api;
        this.envMeta = meta;
        this.env = proxy;
        this.vm = lua;
        return lua;
    }

    /** luaSetErrorMetatable: reading a missing name is an error, not nil. */
    private static ReadOnlyTable errorMetatable(LuaVm lua) {
        ReadOnlyTable meta = new ReadOnlyTable(lua);
        meta.define("__index", LuaFn.of(lua, "__index", (self, args) -> {
            LuaString name = Lua51.toLuaString(args.arg(2));
            String text = name == null ? "?" : Lua51.latin1(name);
            throw self.fail(Lua51.bytes("Script attempted to access nonexistent global variable '" + text + "'"));
        }));
        return meta;
    }

    // ---- FUNCTION LOAD -------------------------------------------------------------------------

    /** A failed load, with the text of Redis's error reply (without its code: always ERR). */
    static final class LoadFailed extends Exception {
        private static final long serialVersionUID = 1L;

        LoadFailed(String message) { super(message, null, false, false); }
    }

    private record Metadata(String engineName, String name, byte[] code) {}

    /** functionExtractLibMetaData: the {@code #!<engine> name=<library>} line. */
    private static Metadata metadata(byte[] payload) throws LoadFailed {
        if (payload.length < 2 || payload[0] != '#' || payload[1] != '!') throw new LoadFailed("Missing library metadata");
        int end = 0;
        while (end < payload.length && payload[end] != '\n' && payload[end] != 0) end++;
        if (end == payload.length || payload[end] == 0) throw new LoadFailed("Invalid library metadata");
        var split = ArgSplitter.split(Arrays.copyOf(payload, end));
        if (split.isEmpty() || split.get().isEmpty()) throw new LoadFailed("Invalid library metadata");
        List<byte[]> parts = split.get();
        String engineName = cText(parts.get(0));
        engineName = engineName.length() <= 2 ? "" : engineName.substring(2);
        String name = null;
        for (int i = 1; i < parts.size(); i++) {
            String part = cText(parts.get(i));
            if (part.regionMatches(true, 0, "name=", 0, 5)) {
                if (name != null) throw new LoadFailed("Invalid metadata value, name argument was given multiple times");
                name = part.substring(5);
                continue;
            }
            throw new LoadFailed("Invalid metadata value given: " + part);
        }
        if (name == null) throw new LoadFailed("Library name was not given");
        return new Metadata(engineName, name, Arrays.copyOfRange(payload, end, payload.length));
    }

    /** A C string's text: up to its first NUL. */
    private static String cText(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) n++;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** functionsVerifyName: [a-zA-Z0-9_]+. */
    static boolean validName(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
        }
        return true;
    }

    /**
     * functionsCreateWithLibraryCtx: compiles and runs the library code, which registers its
     * functions; on any failure everything stays as it was (a replaced library included).
     * Returns the library's name.
     */
    String load(byte[] payload, boolean replace) throws LoadFailed {
        // functionsCreateWithLibraryCtx: name, engine and an existing library are judged before the code runs
        Metadata md = metadata(payload);
        if (validName(md.name()) && md.engineName().equalsIgnoreCase(ENGINE_NAME) && !replace
                && libraries.containsKey(md.name())) {
            throw new LoadFailed("Library '" + md.name() + "' already exists");
        }
        Library created = create(payload);
        Library old = libraries.get(created.name);
        if (old != null && !replace) throw new LoadFailed("Library '" + created.name + "' already exists");
        for (Function f : created.functions.values()) {
            Function existing = functions.get(lower(f.name()));
            if (existing != null && existing.library() != old) {
                throw new LoadFailed("Function " + f.name() + " already exists");
            }
        }
        if (old != null) unlink(old);
        link(created);
        engine.addDirty(1);
        return created.name;
    }

    /** Compiles and runs a library's code into a new, unlinked library. */
    private Library create(byte[] payload) throws LoadFailed {
        Metadata md = metadata(payload);
        if (!validName(md.name())) throw new LoadFailed(BAD_NAME);
        if (!md.engineName().equalsIgnoreCase(ENGINE_NAME)) {
            throw new LoadFailed("Engine '" + md.engineName() + "' not found");
        }
        Library library = new Library(md.name(), payload);
        String error = engine.scripting().onLuaThread(() -> runLoad(library, md.code()));
        if (error != null) throw new LoadFailed(error);
        if (library.functions.isEmpty()) throw new LoadFailed("No functions registered");
        return library;
    }

    /** luaEngineCreate, on the Lua thread: the error text, or null when the code ran. */
    private String runLoad(Library library, byte[] code) {
        LuaVm lua = vm();
        Prototype p;
        try {
            p = lua.compile(code, LuaValue.valueOf("@user_function"));
        } catch (LuaVm.CompileError e) {
            return oneLine("Error compiling function: " + Lua51.latin1(e.message));
        }
        lua.activate();
        envMeta.define("__index", libraryApi);
        loading = library;
        lua.startRun(LOAD_TIMEOUT_MS * 1_000_000L);
        try {
            new LuaClosure(p, env).call();
            return null;
        } catch (ScriptStopped s) {
            return registeringFailed(s);
        } catch (LuaError e) {
            ScriptStopped stop = lua.tracker.stopped();
            if (stop != null) return registeringFailed(stop);
            LuaValue value = lua.errorValue(e);
            String msg;
            if (value.istable() && Lua51.toLuaString(value.rawget(Conversions.ERR)) != null) {
                msg = Conversions.cString(Lua51.toLuaString(value.rawget(Conversions.ERR)));
            } else {
                msg = "ERR " + Conversions.cString(BaseLib51.tostring(value).strvalue());
            }
            return oneLine("Error registering functions: " + msg);
        } catch (StackOverflowError e) {
            return "Error registering functions: ERR stack overflow";
        } finally {
            loading = null;
            envMeta.define("__index", lua.globals);
            lua.endRun();
        }
    }

    private static String registeringFailed(ScriptStopped stop) {
        String why = switch (stop.reason) {
            case TIME_LIMIT, INTERRUPTED -> "ERR FUNCTION LOAD timeout";
            case MEMORY, COROUTINES -> "ERR Script stopped by txlab: " + stop.detail;
        };
        return "Error registering functions: " + why;
    }

    /** The installed 7.0.15 build strips CR and LF from error replies. */
    private static String oneLine(String text) { return text.replace('\r', ' ').replace('\n', ' '); }

    private void link(Library library) {
        libraries.put(library.name, library);
        // the library's own dict is case-sensitive, the global one is not: of 't' and 'T' the first wins
        for (Function f : library.functions.values()) functions.putIfAbsent(lower(f.name()), f);
    }

    private void unlink(Library library) {
        libraries.remove(library.name);
        for (Function f : library.functions.values()) functions.remove(lower(f.name()), f);
    }

    // ---- redis.register_function --------------------------------------------------------------

    private Varargs registerFunction(LuaFn self, Varargs args) {
        LuaVm lua = self.vm;
        Library library = loading;
        if (library == null) throw RedisLib.raise(lua, "redis.register_function can only be called on FUNCTION LOAD command");
        int argc = args.narg();
        if (argc < 1 || argc > 2) throw RedisLib.raise(lua, "wrong number of arguments to redis.register_function");
        String name;
        byte[] description = null;
        LuaValue callback = null;
        List<String> flags = new ArrayList<>();
        if (argc == 2) {
            LuaString n = Lua51.toLuaString(args.arg(1));
            if (n == null) throw RedisLib.raise(lua, "first argument to redis.register_function must be a string");
            if (!args.arg(2).isfunction()) {
                throw RedisLib.raise(lua, "second argument to redis.register_function must be a function");
            }
            name = new String(Lua51.toBytes(n), StandardCharsets.ISO_8859_1);
            callback = args.arg(2);
        } else {
            LuaValue t = args.arg(1);
            if (!t.istable()) {
                throw RedisLib.raise(lua, "calling redis.register_function with a single argument is only applicable to"
                        + " Lua table (representing named arguments).");
            }
            name = null;
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs next = t.next(k);
                k = next.arg1();
                if (k.isnil()) break;
                LuaValue v = next.arg(2);
                LuaString key = Lua51.toLuaString(k);
                if (key == null) throw RedisLib.raise(lua, "named argument key given to redis.register_function is not a string");
                String keyText = cText(Lua51.toBytes(key));
                if (keyText.equalsIgnoreCase("function_name")) {
                    LuaString s = Lua51.toLuaString(v);
                    if (s == null) {
                        throw RedisLib.raise(lua, "function_name argument given to redis.register_function must be a string");
                    }
                    name = new String(Lua51.toBytes(s), StandardCharsets.ISO_8859_1);
                } else if (keyText.equalsIgnoreCase("description")) {
                    LuaString s = Lua51.toLuaString(v);
                    if (s == null) {
                        throw RedisLib.raise(lua, "description argument given to redis.register_function must be a string");
                    }
                    description = Lua51.toBytes(s);
                } else if (keyText.equalsIgnoreCase("callback")) {
                    if (!v.isfunction()) {
                        throw RedisLib.raise(lua, "callback argument given to redis.register_function must be a function");
                    }
                    callback = v;
                } else if (keyText.equalsIgnoreCase("flags")) {
                    if (!v.istable()) {
                        throw RedisLib.raise(lua, "flags argument to redis.register_function must be a table representing"
                                + " function flags");
                    }
                    flags = readFlags(lua, v);
                } else {
                    throw RedisLib.raise(lua, "unknown argument given to redis.register_function");
                }
            }
            if (name == null) throw RedisLib.raise(lua, "redis.register_function must get a function name argument");
            if (callback == null) throw RedisLib.raise(lua, "redis.register_function must get a callback argument");
        }
        if (!validName(name)) throw RedisLib.raise(lua, BAD_NAME);
        if (library.functions.containsKey(name)) {
            throw RedisLib.raise(lua, "Function already exists in the library");
        }
        library.functions.put(name, new Function(name, description, flags, callback, library));
        return LuaValue.NONE;
    }

    /** luaRegisterFunctionReadFlags: an array of flag names, case-blind; anything else is refused. */
    private static List<String> readFlags(LuaVm lua, LuaValue table) {
        boolean[] set = new boolean[FLAG_NAMES.size()];
        for (int i = 1; ; i++) {
            LuaValue v = table.rawget(i);
            if (v.isnil()) break;
            LuaString s = Lua51.toLuaString(v);
            if (s == null) throw RedisLib.raise(lua, "unknown flag given");
            int found = -1;
            String text = cText(Lua51.toBytes(s));
            for (int f = 0; f < FLAG_NAMES.size(); f++) if (FLAG_NAMES.get(f).equalsIgnoreCase(text)) found = f;
            if (found < 0) throw RedisLib.raise(lua, "unknown flag given");
            set[found] = true;
        }
        List<String> flags = new ArrayList<>();
        for (int f = 0; f < set.length; f++) if (set[f]) flags.add(FLAG_NAMES.get(f));
        return flags;
    }

    // ---- FCALL ---------------------------------------------------------------------------------

    /** FCALL and FCALL_RO (fcallCommandGeneric). */
    Reply fcall(CommandContext ctx, boolean readOnlyCommand) {
        List<byte[]> argv = ctx.argv();
        ctx.engine().monitors().feed(ctx.session(), argv); // before the commands the function calls, as fcallCommandGeneric
        Function f = find(argv.get(1));
        if (f == null) return Reply.error("ERR Function not found");
        Long numkeys = Numbers.parseLong(argv.get(2));
        if (numkeys == null) return Reply.error("ERR Bad number of keys provided");
        if (numkeys > argv.size() - 3) return Reply.error("ERR Number of keys can't be greater than number of args");
        if (numkeys < 0) return Reply.error("ERR Number of keys can't be negative");
        Scripting scripting = engine.scripting();
        Reply.Error refused = f.noCluster() && engine.cluster() != null ? Scripting.NO_CLUSTER
                : scripting.refusalBeforeRun(false, f.noWrites(), f.allowOom(), f.allowStale(), readOnlyCommand);
        if (refused != null) return refused;
        int n = numkeys.intValue();
        List<byte[]> keys = new ArrayList<>(argv.subList(3, 3 + n));
        List<byte[]> args = new ArrayList<>(argv.subList(3 + n, argv.size()));
        boolean readOnly = readOnlyCommand || f.noWrites();
        return scripting.run(ctx.session(), vm(), new Scripting.Invocation(f.name(), true, readOnly, f.allowOom(), keys,
                args, f.allowCrossSlot()), lua -> f.callback().call(LuaVm.array(keys), LuaVm.array(args)));
    }

    // ---- the other subcommands -------------------------------------------------------------------

    Reply loadCommand(CommandContext ctx) {
        boolean replace = false;
        int pos = 2;
        while (pos < ctx.argc() - 1) {
            if (ctx.isOption(pos, "replace")) {
                replace = true;
                pos++;
                continue;
            }
            return Reply.error(Errors.withoutNewlines("ERR Unknown option given: " + cText(ctx.arg(pos))));
        }
        if (pos >= ctx.argc()) return Reply.error("ERR Function code is missing");
        try {
            return Reply.bulk(load(ctx.arg(pos), replace).getBytes(StandardCharsets.ISO_8859_1));
        } catch (LoadFailed e) {
            return Reply.error("ERR " + e.getMessage());
        }
    }

    Reply deleteCommand(CommandContext ctx) {
        Library library = libraries.get(new String(ctx.arg(2), StandardCharsets.ISO_8859_1));
        if (library == null) return Reply.error("ERR Library not found");
        unlink(library);
        engine.addDirty(1);
        return Reply.OK;
    }

    Reply flushCommand(CommandContext ctx) {
        if (ctx.argc() > 3) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
        if (ctx.argc() == 3 && !ctx.isOption(2, "sync") && !ctx.isOption(2, "async")) {
            return Reply.error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
        }
        flush();
        engine.addDirty(1);
        return Reply.OK;
    }

    /** Drops every library (FUNCTION FLUSH, RESTORE ... FLUSH). */
    public void flush() {
        libraries.clear();
        functions.clear();
    }

    Reply listCommand(CommandContext ctx) {
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < ctx.argc(); i++) {
            if (!withCode && ctx.isOption(i, "withcode")) {
                withCode = true;
                continue;
            }
            if (pattern == null && ctx.isOption(i, "libraryname")) {
                if (i >= ctx.argc() - 1) return Reply.error("ERR library name argument was not given");
                pattern = ctx.arg(++i);
                continue;
            }
            return Reply.error(Errors.withoutNewlines("ERR Unknown argument " + cText(ctx.arg(i))));
        }
        List<Reply> out = new ArrayList<>();
        for (Library library : libraries.values()) {
            byte[] name = library.name.getBytes(StandardCharsets.ISO_8859_1);
            if (pattern != null && !dev.txlab.engine.command.Glob.matches(pattern, name, true)) continue;
            List<Reply> fns = new ArrayList<>();
            for (Function f : library.functions.values()) {
                List<Reply> flags = new ArrayList<>();
                for (String flag : f.flags()) flags.add(new Reply.Simple(flag));
                fns.add(Reply.map(List.of(Reply.bulk("name"), Reply.bulk(f.name()), Reply.bulk("description"),
                        Reply.bulkOrNil(f.description()), Reply.bulk("flags"), Reply.set(flags))));
            }
            List<Reply> entry = new ArrayList<>(List.of(Reply.bulk("library_name"), Reply.bulk(name), Reply.bulk("engine"),
                    Reply.bulk(ENGINE_NAME), Reply.bulk("functions"), Reply.array(fns)));
            if (withCode) {
                entry.add(Reply.bulk("library_code"));
                entry.add(Reply.bulk(library.code));
            }
            out.add(Reply.map(entry));
        }
        if (out.size() > 1) ctx.orderUndefined("libraries");
        else if (!libraries.isEmpty() && libraries.values().stream().anyMatch(l -> l.functions.size() > 1)) {
            ctx.orderUndefined("a library's functions");
        }
        return Reply.array(out);
    }

    Reply statsCommand(CommandContext ctx) {
        // only while a script runs past busy-reply-threshold (serve) is anything running now
        Reply lua = Reply.map(List.of(Reply.bulk("libraries_count"), Reply.integer(libraries.size()),
                Reply.bulk("functions_count"), Reply.integer(registeredCount())));
        Scripting.RunningInfo now = engine.scripting().runningInfo();
        Reply running = Reply.NIL;
        if (now != null) {
            List<Reply> command = new ArrayList<>();
            for (byte[] arg : now.command()) command.add(Reply.bulk(arg));
            running = Reply.map(List.of(Reply.bulk("name"), Reply.bulk(now.name()), Reply.bulk("command"),
                    Reply.array(command), Reply.bulk("duration_ms"), Reply.integer(now.durationMillis())));
        }
        return Reply.map(List.of(Reply.bulk("running_script"), running, Reply.bulk("engines"),
                Reply.map(List.of(Reply.bulk(ENGINE_NAME), lua))));
    }

    // ---- FUNCTION DUMP and RESTORE ---------------------------------------------------------------

    Reply dumpCommand(CommandContext ctx) {
        List<byte[]> codes = new ArrayList<>();
        for (Library library : libraries.values()) codes.add(library.code);
        return Reply.bulk(FunctionPayload.dump(codes));
    }

    Reply restoreCommand(CommandContext ctx) {
        if (ctx.argc() > 4) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
        String policy = "append";
        if (ctx.argc() == 4) {
            if (ctx.isOption(3, "append")) policy = "append";
            else if (ctx.isOption(3, "replace")) policy = "replace";
            else if (ctx.isOption(3, "flush")) policy = "flush";
            else return Reply.error("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
        }
        List<byte[]> codes;
        try {
            codes = FunctionPayload.read(ctx.arg(2));
        } catch (FunctionPayload.Invalid e) {
            return Reply.error("ERR " + e.getMessage());
        }
        // every library is created first, apart from the loaded ones (rdbFunctionLoad into a new context)
        Map<String, Library> restored = new LinkedHashMap<>();
        Map<String, Function> restoredFunctions = new LinkedHashMap<>();
        for (byte[] code : codes) {
            Library library;
            try {
                library = create(code);
            } catch (LoadFailed e) {
                return Reply.error("ERR " + e.getMessage());
            }
            if (restored.containsKey(library.name)) return Reply.error("ERR Library '" + library.name + "' already exists");
            for (Function f : library.functions.values()) {
                if (restoredFunctions.containsKey(lower(f.name()))) {
                    return Reply.error("ERR Function " + f.name() + " already exists");
                }
            }
            restored.put(library.name, library);
            for (Function f : library.functions.values()) restoredFunctions.put(lower(f.name()), f);
        }
        if (policy.equals("flush")) {
            flush();
        } else {
            // libraryJoin: collisions abort the whole restore, or replace whole libraries
            List<Library> replaced = new ArrayList<>();
            for (Library library : restored.values()) {
                Library old = libraries.get(library.name);
                if (old == null) continue;
                if (policy.equals("append")) return Reply.error("ERR Library " + library.name + " already exists");
                replaced.add(old);
            }
            for (Library old : replaced) unlink(old);
            for (Function f : restoredFunctions.values()) {
                if (functions.containsKey(lower(f.name()))) {
                    for (Library old : replaced) link(old);
                    return Reply.error("ERR Function " + f.name() + " already exists");
                }
            }
        }
        for (Library library : restored.values()) link(library);
        engine.addDirty(1);
        return Reply.OK;
    }

    /** The libraries' codes, for an RDB or DEBUG RELOAD (w-rdb). */
    public List<byte[]> libraryCodes() {
        List<byte[]> codes = new ArrayList<>();
        for (Library library : libraries.values()) codes.add(library.code);
        return codes;
    }

    /**
     * The libraries of an RDB being loaded (DEBUG RELOAD): with {@code flush} they replace every
     * library; otherwise a library that exists already is an error unless {@code replace} (MERGE).
     * False on an error (Redis then fails the whole load).
     */
    public boolean loadFromRdb(List<byte[]> codes, boolean flush, boolean replace) {
        if (flush) flush();
        for (byte[] code : codes) {
            try {
                load(code, replace);
            } catch (LoadFailed e) {
                return false;
            }
        }
        return true;
    }

    /** Loads a library from an RDB or AOF (no name clash check beyond FUNCTION LOAD's). */
    public void loadFromPersistence(byte[] code, boolean replace) throws IllegalArgumentException {
        try {
            load(code, replace);
        } catch (LoadFailed e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
