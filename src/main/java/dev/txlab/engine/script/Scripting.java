package dev.txlab.engine.script;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Engine;
import dev.txlab.engine.Numbers;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Reply;
import dev.txlab.trace.TraceEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT for one engine: the script cache, the Lua
 * interpreter, and running a script as one atomic unit. Nothing else runs while a script runs,
 * and nothing a script did is undone when it fails.
 *
 * <p>Scripts need a large stack, so that Lua's own limits (about 20000 nested calls) are reached
 * before Java's. A caller already running on such a thread ({@link #newLargeStackThread}, as
 * txlab serve's engine thread is) runs the script itself; any other caller hands it to a
 * dedicated large-stack thread and waits. Either way exactly one thread works at a time.
 */
public final class Scripting {
    static final Reply.Error NOSCRIPT = Reply.error("NOSCRIPT No matching script. Please use EVAL.");
    static final Reply.Error NOTBUSY = Reply.error("NOTBUSY No scripts in execution right now.");
    /** Default time limit: Redis's busy-reply-threshold, 5 seconds. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(5);
    private static final long STACK_BYTES = 1L << 30;

    /** Threads created by {@link #newLargeStackThread}: scripts can run on them directly. */
    private static final ThreadLocal<Boolean> LARGE_STACK = ThreadLocal.withInitial(() -> false);

    /**
     * A thread whose stack is large enough to run scripts without a hand-off (a hand-off costs a
     * context switch per EVAL, which a server running many scripts feels).
     */
    public static Thread newLargeStackThread(Runnable body, String name) {
        return new Thread(null, () -> {
            LARGE_STACK.set(true);
            body.run();
        }, name, STACK_BYTES);
    }
    /** LuaJ keeps the string metatable in a static field: one script at a time in the JVM. */
    private static final ReentrantLock RUN_LOCK = new ReentrantLock();

    private final Engine engine;
    private final ScriptCache cache = new ScriptCache();
    private final Lrand48 random = new Lrand48();
    private LuaVm vm;
    private volatile LuaVm running;
    /** Whether what runs now is a function (FUNCTION KILL stops only those, SCRIPT KILL only scripts). */
    private volatile boolean runningFunction;
    private Duration timeLimit = DEFAULT_TIME_LIMIT;
    private long memoryLimit;
    private int coroutineLimit = Coroutine.Registry.MAX_LIVE;
    /** One Lua thread for the JVM: scripts run one at a time anyway (see RUN_LOCK). */
    private static ExecutorService worker;

    public Scripting(Engine engine) { this.engine = engine; }

    /** How long a script may run before the lab stops it; zero or negative: no limit. */
    public void setTimeLimit(Duration limit) { this.timeLimit = limit; }

    public Duration timeLimit() { return timeLimit; }

    /**
     * The most heap one script may add to what was in use when it started, before the lab stops
     * it; zero or negative (the default): only the lab's ceiling of three quarters of the heap.
     */
    public void setMemoryLimit(long bytes) { this.memoryLimit = bytes; }

    /** How many coroutines a script may have started and not finished at once (10000 by default). */
    public void setCoroutineLimit(int limit) { this.coroutineLimit = limit; }

    /** Stops the running script, if any, at its next instruction. Safe from any thread. */
    public void interrupt() {
        LuaVm r = running;
        if (r != null) r.tracker.interrupt();
    }

    /** Whether a script is running now (on the Lua thread). */
    public boolean isRunning() { return running != null; }

    /**
     * Whether EVAL or EVALSHA of a script may write (Redis's evalGetCommandFlags, which CLIENT
     * PAUSE WRITE asks): a shebang with no-writes says not; no shebang, or an unknown SHA, may.
     */
    public boolean mayWrite(List<byte[]> argv, boolean bySha) {
        if (argv.size() < 2) return true;
        CachedScript script = cache.get(bySha ? ScriptCache.normalizeSha(argv.get(1)) : ScriptCache.sha1hex(argv.get(1)));
        Shebang shebang;
        if (script != null) {
            shebang = script.shebang();
        } else if (bySha) {
            return true;
        } else {
            try {
                shebang = Shebang.parse(argv.get(1));
            } catch (Shebang.Invalid e) {
                return true;
            }
        }
        return shebang.compatMode() || !shebang.noWrites();
    }

    /** How many scripts the cache holds. */
    public int cachedScripts() { return cache.size(); }

    /** The interpreter, made on first use and again after SCRIPT FLUSH (package-private for tests). */
    LuaVm vm() {
        if (vm == null) vm = new LuaVm(random);
        return vm;
    }

    // ---- the commands ---------------------------------------------------------------------

    /** EVAL and friends: numkeys checks, then the cached or freshly compiled script runs. */
    Reply eval(CommandContext ctx, boolean bySha, boolean readOnlyCommand) {
        List<byte[]> argv = ctx.argv();
        ctx.engine().monitors().feed(ctx.session(), argv); // before the script's commands, as evalCommand
        if (bySha && argv.get(1).length != 40) return NOSCRIPT;
        Long numkeys = Numbers.parseLong(argv.get(2));
        if (numkeys == null) return Errors.NOT_INTEGER;
        if (numkeys > argv.size() - 3) return Reply.error("ERR Number of keys can't be greater than number of args");
        if (numkeys < 0) return Reply.error("ERR Number of keys can't be negative");
        CachedScript script;
        if (bySha) {
            script = cache.get(ScriptCache.normalizeSha(argv.get(1)));
            if (script == null) return NOSCRIPT;
        } else {
            try {
                script = load(argv.get(1));
            } catch (LoadFailed e) {
                return e.error;
            }
        }
        int n = numkeys.intValue();
        List<byte[]> keys = new ArrayList<>(argv.subList(3, 3 + n));
        List<byte[]> args = new ArrayList<>(argv.subList(3 + n, argv.size()));
        Shebang flags = script.shebang();
        Reply.Error refused = !flags.compatMode() && flags.noCluster() && engine.cluster() != null ? NO_CLUSTER
                : refusalBeforeRun(flags.compatMode(), flags.noWrites(), flags.allowOom(), flags.allowStale(), readOnlyCommand);
        if (refused != null) return refused;
        boolean readOnly = readOnlyCommand || (!flags.compatMode() && flags.noWrites());
        boolean allowOom = !flags.compatMode() && flags.allowOom();
        boolean allowCrossSlot = flags.compatMode() || flags.allowCrossSlot(); // compatible mode may, as in 7.0
        return run(ctx.session(), vm(), new Invocation(script.sha(), false, readOnly, allowOom, keys, args, allowCrossSlot),
                lua -> {
                    lua.setKeysAndArgs(keys, args);
                    return new LuaClosure(script.function(), lua.globals).call();
                });
    }

    /**
     * Redis's scriptPrepareForRun: a script that declared its flags (a shebang, or any function)
     * is judged before it runs. One that may write is refused under *_RO, without enough
     * replicas, and over maxmemory unless allow-oom (no-writes implies it). A script in the
     * compatible mode (no shebang) is judged only at its first write, in {@link ScriptRun#call}.
     */
    /** scriptPrepareForRun on a cluster node, for a script or function flagged no-cluster. */
    static final Reply.Error NO_CLUSTER = Reply.error("ERR Can not run script on cluster, 'no-cluster' flag is set.");

    Reply.Error refusalBeforeRun(boolean compatMode, boolean noWrites, boolean allowOom, boolean allowStale,
                                 boolean readOnlyCommand) {
        boolean runningStale = engine.runningStale();
        if (compatMode) return runningStale ? MASTERDOWN : null;
        if (runningStale && !allowStale) {
            return Reply.error("MASTERDOWN Link with MASTER is down, replica-serve-stale-data is set to 'no' "
                    + "and 'allow-stale' flag is not set on the script.");
        }
        if (!noWrites) {
            if (engine.readOnlyReplica()) return Reply.error("READONLY Can not run script with write flag on readonly replica");
            if (readOnlyCommand) return Reply.error("ERR Can not execute a script with write flag using *_ro command.");
            if (engine.config().requiresReplicas() && engine.propagation().primary() == null) return Errors.NOREPLICAS;
        }
        if (engine.preCommandOomState() && engine.config().maxmemory() > 0 && !allowOom && !noWrites) {
            return Reply.error("OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'");
        }
        return null;
    }

    private static final Reply.Error MASTERDOWN =
            Reply.error("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");

    /**
     * The command flags a script call really has, as Redis's getCommandFlags: a script with
     * declared flags (a shebang, a function) replaces EVAL's or FCALL's write, denyoom and stale
     * flags with its own, so that processCommand refuses it over maxmemory or without replicas
     * exactly when the script could write. Null: the command's own flags apply.
     */
    public java.util.Set<dev.txlab.engine.table.Flag> declaredFlags(String command, List<byte[]> argv) {
        Shebang flags = null;
        if (argv.size() < 2) return null;
        switch (command) {
            case "eval", "eval_ro" -> {
                CachedScript cached = cache.get(ScriptCache.sha1hex(argv.get(1)));
                if (cached != null) flags = cached.shebang();
                else {
                    try {
                        flags = Shebang.parse(argv.get(1));
                    } catch (Shebang.Invalid e) {
                        return null;
                    }
                }
            }
            case "evalsha", "evalsha_ro" -> {
                if (argv.get(1).length != 40) return null;
                CachedScript cached = cache.get(ScriptCache.normalizeSha(argv.get(1)));
                if (cached != null) flags = cached.shebang();
            }
            case "fcall", "fcall_ro" -> {
                Functions.Function f = engine.functions().find(argv.get(1));
                if (f != null) flags = new Shebang(false, f.noWrites(), f.allowOom(), f.allowStale(), 0, f.allowCrossSlot(), f.noCluster());
            }
            default -> { }
        }
        if (flags == null || flags.compatMode()) return null;
        java.util.EnumSet<dev.txlab.engine.table.Flag> out = java.util.EnumSet.noneOf(dev.txlab.engine.table.Flag.class);
        if (!flags.noWrites()) out.add(dev.txlab.engine.table.Flag.WRITE);
        if (!flags.noWrites() && !flags.allowOom()) out.add(dev.txlab.engine.table.Flag.DENYOOM);
        if (flags.allowStale()) out.add(dev.txlab.engine.table.Flag.STALE);
        return out;
    }

    Reply scriptLoad(CommandContext ctx) {
        try {
            return Reply.bulk(load(ctx.arg(2)).sha().getBytes(StandardCharsets.US_ASCII));
        } catch (LoadFailed e) {
            return e.error;
        }
    }

    Reply scriptExists(CommandContext ctx) {
        List<Reply> found = new ArrayList<>();
        for (int i = 2; i < ctx.argc(); i++) {
            found.add(cache.contains(ScriptCache.normalizeSha(ctx.arg(i))) ? Reply.ONE : Reply.ZERO);
        }
        return Reply.array(found);
    }

    Reply scriptFlush(CommandContext ctx) {
        if (ctx.argc() > 3 || (ctx.argc() == 3 && !ctx.isOption(2, "sync") && !ctx.isOption(2, "async"))) {
            return Reply.error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
        }
        cache.clear();
        vm = null; // Redis resets the whole Lua interpreter
        return Reply.OK;
    }

    /** No script can be running while a client's command is served: the engine runs one at a time. */
    Reply scriptKill(CommandContext ctx) { return kill(true); }

    // ---- a script past busy-reply-threshold (txlab serve) ---------------------------------------

    /** Redis's slowevalerr and slowscripterr: what other clients get while a script runs long. */
    static final Reply.Error BUSY_SCRIPT =
            Reply.error("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");
    static final Reply.Error BUSY_FUNCTION =
            Reply.error("BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.");
    static final Reply.Error UNKILLABLE = Reply.error("UNKILLABLE Sorry the script already executed write commands"
            + " against the dataset. You can either wait the script termination or kill the server in a hard way using"
            + " the SHUTDOWN NOSAVE command.");

    /**
     * Where the server serves other clients while a script runs long (Redis's
     * processEventsWhileBlocked); null outside txlab serve, where the lab's time limit stops a
     * long script instead.
     */
    private volatile Runnable whileBusy;
    /** The run went past busy-reply-threshold: other clients get BUSY (Redis's SCRIPT_TIMEDOUT). */
    private volatile boolean timedOut;
    private ScriptRun currentRun;
    private List<byte[]> currentCommand = List.of();
    private long runStartNanos;
    private long runStartMillis;
    private long lastPollNanos;

    /**
     * Makes a long script block everybody, as in Redis: it runs on until it ends or is killed,
     * and past busy-reply-threshold {@code whileBusy} is called every few milliseconds to serve
     * other clients (who get BUSY for all but SCRIPT KILL, FUNCTION KILL and a few others).
     */
    public void setWhileBusy(Runnable whileBusy) { this.whileBusy = whileBusy; }

    /** DEBUG SET-DISABLE-DENY-SCRIPTS: scripts may call commands flagged noscript (tests only). */
    private boolean denyScriptsDisabled;

    public void setDenyScriptsDisabled(boolean disabled) { denyScriptsDisabled = disabled; }

    boolean denyScriptsDisabled() { return denyScriptsDisabled; }

    /** Whether a script runs past busy-reply-threshold now (Redis's scriptIsTimedout). */
    public boolean isTimedOut() { return timedOut && running != null; }

    /** The BUSY error for other clients now: it names SCRIPT KILL for EVAL, FUNCTION KILL for FCALL. */
    public Reply.Error busyError() { return runningFunction ? BUSY_FUNCTION : BUSY_SCRIPT; }

    /** What FUNCTION STATS shows of the running script or function, or null. */
    record RunningInfo(String name, List<byte[]> command, long durationMillis) {}

    RunningInfo runningInfo() {
        ScriptRun run = currentRun;
        if (run == null || running == null) return null;
        String name = runningFunction ? run.sha : "f_" + run.sha;
        return new RunningInfo(name, currentCommand, System.currentTimeMillis() - runStartMillis);
    }

    /** SCRIPT KILL and FUNCTION KILL (Redis's scriptKill). */
    Reply kill(boolean isEval) {
        ScriptRun run = currentRun;
        LuaVm lua = running;
        if (run == null || lua == null) return NOTBUSY;
        if (run.wroteSomething()) return UNKILLABLE;
        if (isEval && runningFunction) return BUSY_FUNCTION;
        if (!isEval && !runningFunction) return BUSY_SCRIPT;
        lua.tracker.interrupt();
        return Reply.OK;
    }

    /** Every few thousand instructions of a run (scriptInterrupt): past the threshold, serve the others. */
    private void busyCheck() {
        Runnable hook = whileBusy;
        if (hook == null) return;
        long now = System.nanoTime();
        if (!timedOut) {
            long threshold;
            try {
                threshold = engine.config().getLong("busy-reply-threshold");
            } catch (RuntimeException e) {
                threshold = DEFAULT_TIME_LIMIT.toMillis();
            }
            if (now - runStartNanos < threshold * 1_000_000L) return;
            timedOut = true;
        } else if (now - lastPollNanos < 2_000_000L) {
            return;
        }
        lastPollNanos = now;
        try {
            hook.run();
        } catch (RuntimeException e) {
            if (System.getenv("TXLAB_DEBUG") != null) e.printStackTrace();
            throw e;
        }
    }

    Reply scriptDebug(CommandContext ctx) {
        // scriptCommand refuses when clientHasPendingReplies, before it looks at the mode: inside
        // EXEC the transaction's array header is always pending, in a pipeline the earlier replies
        if (ctx.session().transaction().inMulti() || ctx.session().replyBuffer().hasPending()) {
            return Reply.error("ERR SCRIPT DEBUG must be called outside a pipeline");
        }
        if (ctx.isOption(2, "no")) return Reply.OK;
        if (ctx.isOption(2, "yes") || ctx.isOption(2, "sync")) {
            return Reply.error("ERR txlab has no Lua debugger: SCRIPT DEBUG YES and SYNC are not supported");
        }
        return Reply.error("ERR Use SCRIPT DEBUG YES/SYNC/NO");
    }

    // ---- loading ------------------------------------------------------------------------------

    private static final class LoadFailed extends Exception {
        private static final long serialVersionUID = 1L;
        final Reply.Error error;

        LoadFailed(Reply.Error error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    /** luaCreateFunction: the cached script, or the body compiled and cached under its SHA1. */
    private CachedScript load(byte[] body) throws LoadFailed {
        String sha = ScriptCache.sha1hex(body);
        CachedScript cached = cache.get(sha);
        if (cached != null) return cached;
        Shebang shebang;
        try {
            shebang = Shebang.parse(body);
        } catch (Shebang.Invalid e) {
            throw new LoadFailed(Reply.error(e.getMessage()));
        }
        byte[] source = java.util.Arrays.copyOfRange(body, shebang.length(), body.length);
        try {
            CachedScript script = new CachedScript(sha, body, shebang,
                    vm().compile(source, LuaValue.valueOf("@user_script")));
            cache.put(script);
            return script;
        } catch (LuaVm.CompileError e) {
            String text = "ERR Error compiling script (new function): " + Lua51.latin1(e.message);
            throw new LoadFailed(Reply.error(Conversions.trim(text, "\r\n").replace('\r', ' ').replace('\n', ' ')));
        } catch (OutOfMemoryError e) {
            throw new LoadFailed(Reply.error("ERR txlab could not compile the script: compiling it needs more memory than"
                    + " the lab's JVM has (" + (body.length >> 20) + " MB of source; Redis's Lua has no memory limit)"));
        }
    }

    // ---- running ------------------------------------------------------------------------------

    /**
     * What one run is: the name errors and traces give it (a script's SHA1, a function's name),
     * whether it is a function, the flags it runs with, and its keys and arguments.
     */
    record Invocation(String name, boolean function, boolean readOnly, boolean allowOom, List<byte[]> keys,
                      List<byte[]> args, boolean allowCrossSlot) {}

    /** The body of a run: calls the script or function on the interpreter, returns its result. */
    @FunctionalInterface
    interface Body {
        LuaValue call(LuaVm lua);
    }

    /** Runs a script or a function on its interpreter, atomically, as luaCallFunction does. */
    Reply run(ClientSession caller, LuaVm lua, Invocation what, Body body) {
        RUN_LOCK.lock();
        try {
            ScriptRun run = new ScriptRun(engine, caller, what.name(), what.readOnly());
            run.allowOom = what.allowOom();
            run.function = what.function();
            run.allowCrossSlot = what.allowCrossSlot();
            if (LARGE_STACK.get()) return execute(lua, run, what, body);
            Future<Reply> result = worker().submit(() -> execute(lua, run, what, body));
            return await(result);
        } finally {
            RUN_LOCK.unlock();
        }
    }

    /** Runs a piece of work with the interpreter lock and on a large stack (FUNCTION LOAD). */
    <T> T onLuaThread(java.util.concurrent.Callable<T> work) {
        RUN_LOCK.lock();
        try {
            if (LARGE_STACK.get()) {
                try {
                    return work.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            Future<T> result = worker().submit(work);
            return await(result);
        } finally {
            RUN_LOCK.unlock();
        }
    }

    private <T> T await(Future<T> result) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    interrupt();
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static synchronized ExecutorService worker() {
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = newLargeStackThread(r, "txlab-lua");
                t.setDaemon(true);
                return t;
            });
        }
        return worker;
    }

    /** Runs on the Lua thread: the script, then its reply, as luaCallFunction does. */
    private Reply execute(LuaVm lua, ScriptRun run, Invocation what, Body body) {
        boolean tracing = engine.tracer().enabled();
        String name = what.name();
        if (tracing) {
            engine.tracer().emit(new TraceEvent.ScriptStarted(run.caller.label(), traceName(what), what.keys(),
                    what.args(), run.readOnly));
        }
        lua.activate();
        lua.run = run;
        lua.memory.setBudget(memoryLimit);
        lua.coroutines.setLimit(coroutineLimit);
        boolean blocksEverybody = whileBusy != null; // serve: no lab time limit, BUSY past the threshold
        lua.startRun(blocksEverybody || timeLimit.isZero() || timeLimit.isNegative() ? 0 : timeLimit.toNanos(),
                this::busyCheck);
        currentRun = run;
        currentCommand = engine.currentCommand();
        runStartNanos = System.nanoTime();
        runStartMillis = System.currentTimeMillis();
        timedOut = false;
        running = lua;
        runningFunction = what.function();
        engine.freezeTime(engine.now()); // keys cannot expire while the script runs
        Reply reply;
        boolean failed = true;
        boolean stopped = false;
        boolean errorCounted = false; // an error table a redis.call already counted in errorstats
        try {
            LuaValue result = body.call(lua);
            reply = Conversions.toReply(result, run.resp);
            errorCounted = Conversions.statsUpdated(result);
            failed = false;
        } catch (ScriptStopped s) {
            stopped = true;
            reply = stoppedReply(s, lua.tracker.lastOrigin(), name);
        } catch (LuaError e) {
            ScriptStopped stop = lua.tracker.stopped(); // a stop that crossed a coroutine as an error
            stopped = stop != null;
            reply = stopped ? stoppedReply(stop, lua.tracker.lastOrigin(), name)
                            : errorReply(lua.errorValue(e), lua.tracker.lastOrigin(), name);
            errorCounted = !stopped && Conversions.statsUpdated(lua.errorValue(e));
        } catch (StackOverflowError e) {
            reply = errorReply(LuaValue.valueOf("stack overflow"), lua.tracker.lastOrigin(), name);
        } catch (OutOfMemoryError e) {
            // the guard looks before large allocations and every few thousand instructions; this is
            // what got past it. The script's values are unreachable now that it has unwound.
            stopped = true;
            reply = stoppedReply(new ScriptStopped(CallTracker.StopReason.MEMORY, "the JVM ran out of memory while it"
                    + " ran (Redis's Lua has no memory limit)"), lua.tracker.lastOrigin(), name);
        } catch (RuntimeException | Error e) {
            // a failure of the interpreter itself, never the script's fault: one line, no Java names
            if (System.getenv("TXLAB_DEBUG") != null) e.printStackTrace();
            reply = errorReply(LuaValue.valueOf(LuaVm.interpreterFailure(LuaVm.VM_ERROR + e)), lua.tracker.lastOrigin(),
                    name);
        } finally {
            engine.freezeTime(-1);
            running = null;
            runningFunction = false;
            timedOut = false;
            currentRun = null;
            currentCommand = List.of();
            lua.endRun();
        }
        if (errorCounted && reply instanceof Reply.Error e) engine.stats().errorCountedAlready(e);
        if (tracing) {
            engine.tracer().emit(new TraceEvent.ScriptFinished(run.caller.label(), traceName(what), reply, failed,
                    stopped, run.changes()));
        }
        return reply;
    }

    /** Traces name a script by its SHA1 and a function as "function NAME" (see TraceRenderer). */
    private static String traceName(Invocation what) {
        return what.function() ? "function " + what.name() : what.name();
    }

    /**
     * The reply for an error that escaped the script: Redis's error handler turns it into a table
     * ({@code ERR <text>} for a string), and luaCallFunction appends where it happened:
     * {@code <msg> script: <sha>, on @user_script:<line>.}
     */
    static Reply errorReply(LuaValue error, CallTracker.Origin origin, String sha) {
        if ((error instanceof ReadOnlyTable r && r.isLocked()) || (error instanceof SandboxGlobals g && g.isLocked())) {
            // __redis__err__handler's err['source'] = ... fails on a protected table (_G, redis,
            // string ...), and the handler, called again for that error, reports it at its own line
            error = tableWithErr("ERR err_handler_def:10: Attempt to modify a readonly table");
            origin = new CallTracker.Origin(LuaString.valueOf("@err_handler_def"), 10);
        }
        String msg;
        if (error.istable()) {
            LuaValue err = error.rawget(Conversions.ERR);
            LuaString text = Lua51.toLuaString(err);
            msg = text != null ? Conversions.cString(text)
                               : "ERR script raised an error table without a string 'err' field (Redis 7.0.15 crashes on this)";
        } else {
            msg = "ERR " + Conversions.cString(BaseLib51.tostring(error).strvalue());
        }
        StringBuilder reply = new StringBuilder(msg);
        if (origin != null) {
            reply.append(" script: ").append(sha).append(", on ")
                 .append(Conversions.cString(origin.source())).append(':').append(origin.line()).append('.');
        }
        // the Debian 7.0.15 build in use strips CR/LF from every error reply (CVE-2025-67733)
        return Reply.error(reply.toString().replace('\r', ' ').replace('\n', ' '));
    }

    private Reply stoppedReply(ScriptStopped stop, CallTracker.Origin origin, String sha) {
        String text = switch (stop.reason) {
            case INTERRUPTED -> "ERR Script killed by user with SCRIPT KILL...";
            case TIME_LIMIT -> "ERR Script stopped by txlab after running for " + timeLimit.toMillis()
                    + " ms (Redis would let it run on and answer BUSY to other clients)";
            case MEMORY, COROUTINES -> "ERR Script stopped by txlab: " + stop.detail;
        };
        return errorReply(tableWithErr(text), origin, sha);
    }

    private static LuaValue tableWithErr(String text) {
        org.luaj.vm2.LuaTable t = new org.luaj.vm2.LuaTable();
        t.rawset(Conversions.ERR, LuaValue.valueOf(text));
        return t;
    }
}
