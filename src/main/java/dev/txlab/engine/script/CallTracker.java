package dev.txlab.engine.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * Follows the running Lua code through LuaJ's debug hooks, which the interpreter calls on every
 * function entry, instruction and return. It is installed as {@code globals.debuglib} but never
 * exposed to scripts (Redis removes {@code debug} too). It gives the rest of the bridge what Lua
 * 5.1's own call stack would:
 *
 * <ul>
 *   <li>the current function and instruction, for error positions ({@code user_script:3:}),
 *       variable names in error messages and the line of each redis.call in traces;
 *   <li>Lua 5.1's limits: about 20000 nested Lua calls ("stack overflow") and 200 nested calls
 *       through C functions or metamethods ("C stack overflow"), reached before Java's own stack;
 *   <li>the script time limit and the interrupt flag (Ctrl-C), checked every few instructions.
 * </ul>
 *
 * <p>LuaJ returns from a function before running a call in tail position ({@code return
 * redis.call(...)}), while Lua 5.1 keeps the caller's frame while a C function runs there. A
 * frame that returned through OP_TAILCALL is therefore kept as a "tail" frame until the called
 * function takes its place (a Lua function) or the code below it runs again.
 */
final class CallTracker extends DebugLib {
    /**
     * Lua 5.1 overflows its CallInfo array at LUAI_MAXCALLS (20000) entries, one of which is the C
     * base: on 7.0.15 {@code return f(19998)} of a non-tail recursion works and f(19999) does
     * not. (The real limit also depends on how far the array grew in earlier scripts.)
     */
    static final int MAX_LUA_FRAMES = 19999;
    /** Lua 5.1's LUAI_MAXCCALLS. */
    static final int MAX_C_LEVELS = 200;
    /** Instructions between two looks at the clock. */
    private static final int CHECK_EVERY = 1 << 12;

    /** One active Lua function. */
    static final class Frame {
        final LuaClosure closure;
        final Prototype p;
        final LuaValue[] stack;
        int pc;
        /** Entered from a C function or a metamethod rather than by a Lua call instruction. */
        final boolean cLevel;
        /** Entered directly by the VM for a metamethod (5.1 then still sees the Lua caller as level 2). */
        final boolean metamethod;
        /** Returned through OP_TAILCALL; kept while the called function runs. */
        boolean tail;

        Frame(LuaClosure closure, LuaValue[] stack, boolean cLevel, boolean metamethod) {
            this.closure = closure;
            this.p = closure.p;
            this.stack = stack;
            this.cLevel = cLevel;
            this.metamethod = metamethod;
        }

        int instruction() { return p.code[pc]; }

        int opcode() { return p.code[pc] & 0x3f; }

        /** The line being executed, or -1 when unknown. */
        int line() {
            return p.lineinfo != null && pc >= 0 && pc < p.lineinfo.length ? p.lineinfo[pc] : -1;
        }

        /** Whether this frame is running a call instruction that calls {@code fn} itself. */
        boolean isCalling(LuaValue fn) {
            int op = opcode();
            if (op != Lua.OP_CALL && op != Lua.OP_TAILCALL && op != Lua.OP_TFORCALL) return false;
            return stack[Lua.GETARG_A(instruction())] == fn;
        }

        /** Whether this frame is running a call instruction (of any function). */
        boolean isInCall() {
            int op = opcode();
            return op == Lua.OP_CALL || op == Lua.OP_TAILCALL || op == Lua.OP_TFORCALL;
        }
    }

    /** The frames of one Lua thread (the script, or one coroutine). */
    static final class Frames {
        Frame[] frames = new Frame[64];
        int size;
        int cLevels = 1; // the lua_pcall that runs the script is the first C level
        /** The C level a coroutine was resumed at (lua_resume's baseCcalls): yield needs it unchanged. */
        int baseCLevels = 1;
        /** How many Lua frames this thread holds before "stack overflow". */
        int maxFrames = MAX_LUA_FRAMES;

        Frame top() { return size == 0 ? null : frames[size - 1]; }

        Frame get(int i) { return frames[i]; }

        void push(Frame f) {
            if (size == frames.length) frames = java.util.Arrays.copyOf(frames, size * 2);
            frames[size++] = f;
        }

        Frame pop() {
            Frame f = frames[--size];
            frames[size] = null;
            if (f.cLevel) cLevels--;
            return f;
        }

        void popTails() {
            while (size > 0 && frames[size - 1].tail) pop();
        }
    }

    /** Where an error was raised: what Redis's error handler reports as {@code on <source>:<line>}. */
    record Origin(LuaString source, int line) {
        /** A C function, as lua_getinfo describes one. */
        static final Origin C = new Origin(LuaString.valueOf("=[C]"), -1);
    }

    /** Why the lab stopped a script. */
    enum StopReason { TIME_LIMIT, INTERRUPTED, MEMORY, COROUTINES }

    private final Globals globals;
    private final LuaValue errorHandler;
    private final org.luaj.vm2.LuaThread mainThread;
    private volatile boolean interruptRequested;
    private long deadlineNanos = Long.MAX_VALUE;
    private ScriptStopped stopping;
    /** What to check every few instructions besides the clock (the memory guard); may be null. */
    private Runnable periodicCheck;
    /**
     * The Java thread allowed to run Lua now: the script's, or the coroutine it resumed. A thread
     * unwinding a coroutine that ended with its script is not it, and its hooks do nothing.
     */
    private volatile Thread owner;
    private int countdown = CHECK_EVERY;
    private Origin lastOrigin;
    /** The last message the error handler built, to recognise errors it already processed. */
    private String lastProcessedText;
    private LuaValue lastProcessedValue;

    CallTracker(Globals globals, LuaValue errorHandler) {
        this.globals = globals;
        this.errorHandler = errorHandler;
        this.mainThread = globals.running;
    }

    // ---- run control ---------------------------------------------------------------------

    /** Prepares for a new script run: fresh frames, the deadline, no pending stop. */
    void startRun(long timeLimitNanos, Runnable periodicCheck) {
        LuaThread main = mainThread;
        globals.running = main; // whatever a failed run left behind
        main.callstack = new Frames();
        main.errorfunc = errorHandler;
        owner = Thread.currentThread();
        this.periodicCheck = periodicCheck;
        deadlineNanos = timeLimitNanos <= 0 ? Long.MAX_VALUE : System.nanoTime() + timeLimitNanos;
        stopping = null;
        interruptRequested = false;
        countdown = CHECK_EVERY;
        lastOrigin = null;
        lastProcessedText = null;
        lastProcessedValue = null;
        lastRaised = null;
    }

    /** After a run: no thread runs Lua of this interpreter until the next one starts. */
    void endRun() {
        owner = null;
        periodicCheck = null;
        globals.running = mainThread;
    }

    /** What the rewritten '..' calls: a metamethod it calls counts as called by the VM. */
    private LuaValue concatHelper;

    void setConcatHelper(LuaValue helper) { concatHelper = helper; }

    /** The Java thread that runs Lua from now on (control passed to or from a coroutine). */
    void setOwner(Thread t) { owner = t; }

    /** Asks the running script to stop at its next instruction; callable from any thread. */
    void interrupt() { interruptRequested = true; }

    /** The stop under way, or null. */
    ScriptStopped stopped() { return stopping; }

    StopReason stopReason() { return stopping == null ? null : stopping.reason; }

    /**
     * Stops the script now, at the innermost Lua function; from then on every instruction stops it
     * again, so nothing the script does afterwards (a pcall, a coroutine) gets past it.
     */
    ScriptStopped stop(StopReason reason, String detail) {
        if (stopping == null) {
            stopping = new ScriptStopped(reason, detail);
            recordOrigin(top());
        }
        countdown = 1;
        return stopping;
    }

    private void checkStop() {
        countdown = CHECK_EVERY;
        if (stopping == null) {
            if (interruptRequested) stop(StopReason.INTERRUPTED, null);
            else if (System.nanoTime() - deadlineNanos > 0) stop(StopReason.TIME_LIMIT, null);
            else if (periodicCheck != null) periodicCheck.run();
        }
        if (stopping != null) {
            countdown = 1; // like Redis after SCRIPT KILL: check on every instruction from now on
            recordOrigin(top());
            throw stopping;
        }
    }

    // ---- frames ---------------------------------------------------------------------------

    Frames frames() {
        LuaThread t = globals.running;
        Object s = t.callstack;
        if (!(s instanceof Frames)) {
            s = new Frames();
            t.callstack = s;
        }
        return (Frames) s;
    }

    /** The innermost Lua function (possibly a tail frame whose callee is a Java function). */
    Frame top() { return frames().top(); }

    // ---- LuaJ's hooks -----------------------------------------------------------------------

    @Override public void onCall(LuaFunction f) {
        // only LuaJ's own pcall/xpcall call this, and the sandbox replaces both
    }

    @Override public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        if (Thread.currentThread() != owner) return;
        LuaThread running = globals.running;
        if (running.errorfunc == null) running.errorfunc = errorHandler; // a new coroutine
        Frames s = frames();
        Frame caller = s.top();
        if (caller != null && caller.tail && caller.isCalling(c)) {
            // a tail call: the callee takes the caller's place, as in Lua 5.1
            Frame replaced = s.frames[s.size - 1];
            s.frames[s.size - 1] = new Frame(c, stack, replaced.cLevel, replaced.metamethod);
            return;
        }
        if (s.size >= s.maxFrames) {
            throw Raise.positioned(this, caller, "stack overflow");
        }
        boolean fromCallInstruction = caller != null && !caller.tail && caller.isInCall();
        boolean direct = caller == null || (fromCallInstruction && caller.isCalling(c) && caller.opcode() != Lua.OP_TFORCALL);
        // the VM's own call of a metamethod, or one made for it by the rewritten '..' (luaV_concat)
        boolean metamethod = caller != null && !caller.tail
                && (!caller.isInCall() || (concatHelper != null && caller.isCalling(concatHelper)));
        boolean cLevel = !direct;
        if (cLevel && s.cLevels + 1 >= MAX_C_LEVELS) {
            // raised by the C function (pcall ...) itself: no position, unless the VM called a metamethod
            throw metamethod ? Raise.positioned(this, caller, "C stack overflow")
                             : Raise.plain(this, LuaValue.valueOf("C stack overflow"));
        }
        if (cLevel) s.cLevels++;
        s.push(new Frame(c, stack, cLevel, metamethod));
    }

    @Override public void onInstruction(int pc, Varargs v, int top) {
        if (Thread.currentThread() != owner) return;
        Frames s = frames();
        Frame f = s.frames[s.size - 1];
        if (f.tail) {
            s.popTails();
            f = s.frames[s.size - 1];
        }
        f.pc = pc;
        if (--countdown <= 0) checkStop();
    }

    @Override public void onReturn() {
        if (Thread.currentThread() != owner) return;
        Frames s = frames();
        s.popTails();
        if (s.size == 0) return;
        Frame f = s.frames[s.size - 1];
        if (f.opcode() == Lua.OP_TAILCALL && stopping == null) {
            f.tail = true; // the callee runs after this; see the class comment
            return;
        }
        s.pop();
    }

    @Override public String traceback(int level) { return ""; }

    // ---- errors ---------------------------------------------------------------------------

    /** Records where an error was raised (the innermost Lua function). */
    void recordOrigin(Frame f) {
        lastOrigin = f == null ? null : new Origin(f.p.source, f.line());
    }

    void recordOrigin(Origin o) { lastOrigin = o; }

    Origin lastOrigin() { return lastOrigin; }

    private ScriptError lastRaised;

    /** Remembers the last error the bridge raised, which may cross a coroutine boundary as text. */
    void recordRaised(ScriptError e) { lastRaised = e; }

    /** The value of the last raised error if its text is {@code message}. */
    LuaValue raisedValue(String message) {
        return lastRaised != null && message != null && message.equals(lastRaised.getMessage()) ? lastRaised.value() : null;
    }

    void recordProcessed(String text, LuaValue value) {
        lastProcessedText = text;
        lastProcessedValue = value;
    }

    /** The message value the error handler built for this LuaJ error, or null if it never saw it. */
    LuaValue processedValue(String message) {
        return message != null && message.equals(lastProcessedText) ? lastProcessedValue : null;
    }

    /** Drops frames above {@code depth}, after a protected call caught an error. */
    void unwindTo(Frames s, int depth) {
        while (s.size > depth) s.pop();
    }
}
