package dev.txlab.engine.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A Lua 5.1 coroutine, run by the lab instead of by LuaJ. LuaJ starts a Java thread per coroutine
 * with the JVM's default stack (so recursion inside one fails long before Lua's limit, as an error
 * without a message), lets a suspended coroutine's thread linger until the garbage collector
 * notices it is unreachable, and then unwinds that thread into whatever script runs at that moment
 * (the later scripts then fail with ArrayIndexOutOfBoundsException). Here:
 *
 * <ul>
 *   <li>a coroutine borrows a large-stack thread from {@link Threads} when first resumed and gives
 *       it back when it ends; exactly one thread runs Lua at a time, handing control over in
 *       {@link #resume} and {@link #yield};
 *   <li>its call stack has Lua 5.1's limits: a fresh coroutine's CallInfo array overflows at 16384
 *       entries (it doubles from 8 and 32768 would pass LUAI_MAXCALLS), and each resume carries the
 *       resumer's C-call depth (lua_setlevel), so nested resumes stop at 200;
 *   <li>what the body throws comes back whole: a Lua error as its value, a stop of the lab (time,
 *       memory, Ctrl-C) as the stop itself;
 *   <li>when the script ends, {@link Registry#closeAll} ends every coroutine still suspended, at once.
 * </ul>
 */
final class Coroutine extends LuaThread {
    /** Lua frames a fresh coroutine holds before "stack overflow" (see the class comment). */
    static final int MAX_FRAMES = 16382;

    private static final int INITIAL = 0, SUSPENDED = 1, RUNNING = 2, NORMAL = 3, DEAD = 4;
    private static final String[] STATUS = {"suspended", "suspended", "running", "normal", "dead"};

    private final LuaVm vm;
    private final Registry registry;
    /**
     * The hand-over with the coroutine's thread. That thread refers to the channel, never to this
     * object, so a suspended coroutine the script has dropped can be found unreachable and ended.
     */
    final Channel channel;
    private int status = INITIAL;

    Coroutine(LuaVm vm, LuaValue body, Registry registry) {
        super(vm.globals, body);
        this.vm = vm;
        this.registry = registry;
        this.channel = new Channel(vm, body);
        CallTracker.Frames frames = new CallTracker.Frames();
        frames.maxFrames = MAX_FRAMES;
        this.callstack = frames;
    }

    @Override public String getStatus() {
        return vm.globals.running == this ? "running" : STATUS[status];
    }

    @Override public boolean isMainThread() { return false; }

    /** Lua 5.1's auxresume: (true, values yielded or returned) or (false, error value). */
    @Override public Varargs resume(Varargs args) {
        if (vm.globals.running == this) return refuse("cannot resume running coroutine");
        if (status == NORMAL) return refuse("cannot resume normal coroutine");
        if (status == DEAD) return refuse("cannot resume dead coroutine");
        CallTracker.Frames resumer = vm.tracker.frames();
        if (resumer.cLevels >= CallTracker.MAX_C_LEVELS) return refuse("C stack overflow");
        boolean first = status == INITIAL;
        if (first) registry.admit(); // may stop the script: before control leaves the resumer
        CallTracker.Frames own = (CallTracker.Frames) callstack;
        own.cLevels = resumer.cLevels + 1; // lua_setlevel, then lua_resume's ++nCcalls
        own.baseCLevels = own.cLevels;

        LuaThread previous = vm.globals.running;
        if (previous instanceof Coroutine p) p.status = NORMAL;
        vm.globals.running = this;
        status = RUNNING;
        boolean started = true;
        try {
            started = channel.resume(args, first ? registry : null, this);
        } finally {
            vm.globals.running = previous;
            if (previous instanceof Coroutine p) p.status = RUNNING;
            vm.tracker.setOwner(Thread.currentThread());
        }
        if (!started) {
            status = DEAD;
            throw registry.noThread();
        }
        Channel.Outcome out = channel.take();
        if (!out.finished()) {
            status = SUSPENDED;
            return LuaValue.varargsOf(LuaValue.TRUE, out.values());
        }
        status = DEAD;
        registry.ended(channel);
        if (out.fatal() != null) {
            if (out.fatal() instanceof RuntimeException r) throw r;
            throw (Error) out.fatal();
        }
        if (out.error() != null) return LuaValue.varargsOf(LuaValue.FALSE, out.error());
        return LuaValue.varargsOf(LuaValue.TRUE, out.values());
    }

    private static Varargs refuse(String message) {
        return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf(message));
    }

    /** The hand-over between a coroutine's thread and whoever resumes it; one runs at a time. */
    static final class Channel {
        private final LuaVm vm;
        private final LuaValue body;
        private boolean coroutineTurn;
        private boolean finished;
        private boolean killed;
        private Varargs transfer = LuaValue.NONE;
        /** What ended the body: null (it returned), a Lua error's value, or a Throwable to rethrow. */
        private LuaValue errorValue;
        private Throwable fatal;

        record Outcome(boolean finished, Varargs values, LuaValue error, Throwable fatal) {}

        Channel(LuaVm vm, LuaValue body) {
            this.vm = vm;
            this.body = body;
        }

        /**
         * Passes control to the coroutine (starting its thread first when {@code registry} is
         * given) and waits until it yields or ends. False: no thread could be started.
         */
        synchronized boolean resume(Varargs args, Registry registry, Coroutine co) {
            transfer = args;
            coroutineTurn = true;
            if (registry != null) {
                if (!registry.start(this, co)) {
                    coroutineTurn = false;
                    return false;
                }
            } else {
                notifyAll();
            }
            awaitTurn(false);
            return true;
        }

        /** What the coroutine handed back at its last yield or end. */
        synchronized Outcome take() {
            Outcome o = new Outcome(finished, transfer, errorValue, fatal);
            transfer = LuaValue.NONE;
            errorValue = null;
            fatal = null;
            return o;
        }

        /** On the coroutine's thread: hands the values over and waits to be resumed (or ended). */
        synchronized Varargs yield(Varargs values) {
            transfer = values;
            coroutineTurn = false;
            notifyAll();
            awaitTurn(true);
            if (killed) throw Killed.INSTANCE;
            Varargs in = transfer;
            transfer = LuaValue.NONE;
            vm.tracker.setOwner(Thread.currentThread());
            return in;
        }

        /** Waits (holding the monitor) until it is the coroutine's turn, or the resumer's. */
        private void awaitTurn(boolean coroutine) {
            boolean interrupted = false;
            while (coroutineTurn != coroutine && !(coroutine && killed)) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the lab stops scripts through the tracker, not by interrupts
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }

        /** The body, on the borrowed thread. */
        void runBody() {
            Varargs args;
            synchronized (this) {
                args = transfer;
                transfer = LuaValue.NONE;
            }
            vm.tracker.setOwner(Thread.currentThread());
            Varargs result = LuaValue.NONE;
            LuaValue error = null;
            Throwable toRethrow = null;
            try {
                result = body.invoke(args);
            } catch (Killed k) {
                // the script is over, or dropped this coroutine: nothing waits for it any more
            } catch (LuaError e) {
                error = vm.errorValue(e);
            } catch (RuntimeException e) {
                error = vm.errorValue(new LuaError(e)); // the interpreter failed (see LuaVm.interpreterFailure)
            } catch (StackOverflowError e) {
                error = LuaValue.valueOf("stack overflow"); // Java's stack gave out before Lua's limit
            } catch (Throwable t) {
                toRethrow = t; // a stop (time, memory, Ctrl-C), or a failure the runner reports
            }
            synchronized (this) {
                finished = true;
                transfer = result;
                errorValue = error;
                fatal = toRethrow;
                coroutineTurn = false;
                notifyAll();
            }
        }

        /** Ends a suspended coroutine: its thread unwinds (running no Lua) and returns to the pool. */
        synchronized void kill() {
            killed = true;
            notifyAll();
        }
    }

    /** Thrown in a killed coroutine's thread to unwind it; nothing in the interpreter catches it. */
    static final class Killed extends Error {
        private static final long serialVersionUID = 1L;
        static final Killed INSTANCE = new Killed();

        private Killed() { super("coroutine ended with its script", null, false, false); }
    }

    /**
     * The coroutines of one interpreter that hold a thread: at most {@link #MAX_LIVE} at once, and
     * all of them ended when the script ends. A suspended coroutine the script can no longer reach
     * is ended when the limit is near, as Lua's collector would free it.
     */
    static final class Registry {
        /**
         * Suspended coroutines each hold a Java thread (Redis's hold about 1 KB each and have no
         * limit); this many at once is where the lab stops a script.
         */
        static final int MAX_LIVE = 10_000;

        private final LuaVm vm;
        private int limit = MAX_LIVE;
        private final java.util.Map<Channel, java.lang.ref.WeakReference<Coroutine>> live = new java.util.IdentityHashMap<>();

        Registry(LuaVm vm) { this.vm = vm; }

        void setLimit(int limit) { this.limit = limit; }

        /** Before a coroutine starts: room for one more, or the script stops. */
        void admit() {
            if (live.size() < limit) return;
            endDropped();
            if (live.size() < limit) return;
            throw vm.tracker.stop(CallTracker.StopReason.COROUTINES, "it had " + limit
                    + " coroutines started and not finished, the most the lab allows (each holds a Java thread here;"
                    + " Redis's Lua has no such limit)");
        }

        /** Starts the coroutine's body on a pooled thread; false when the JVM cannot start one. */
        boolean start(Channel channel, Coroutine co) {
            try {
                Threads.run(channel::runBody);
            } catch (OutOfMemoryError e) { // no more native threads
                return false;
            }
            live.put(channel, new java.lang.ref.WeakReference<>(co));
            return true;
        }

        ScriptStopped noThread() {
            return vm.tracker.stop(CallTracker.StopReason.COROUTINES, "it had " + live.size()
                    + " coroutines started and not finished, and the JVM could not start a thread for one more"
                    + " (Redis's Lua has no such limit)");
        }

        void ended(Channel channel) { live.remove(channel); }

        /** Ends the suspended coroutines the script can no longer reach, after a collection. */
        private void endDropped() {
            System.gc();
            for (var it = live.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (e.getValue().get() == null) {
                    Channel channel = e.getKey();
                    it.remove();
                    channel.kill();
                }
            }
        }

        int live() { return live.size(); }

        /** The script is over: every coroutine still suspended ends now. */
        void closeAll() {
            for (Channel channel : live.keySet()) channel.kill();
            live.clear();
        }
    }

    /**
     * Large-stack threads for coroutines, kept for reuse: a coroutine that ends gives its thread
     * back, so a script that runs a million short coroutines starts only a few threads.
     */
    static final class Threads {
        /** Enough for Lua's 16384 frames in a coroutine with room to spare (about 32 MB suffice). */
        static final long STACK_BYTES = 128L << 20;
        private static final int MAX_IDLE = 16;
        private static final long IDLE_MILLIS = 60_000;
        private static final java.util.ArrayDeque<Worker> idle = new java.util.ArrayDeque<>();

        private Threads() {}

        /** A thread that waits for work, runs it, then waits again (or ends after a minute idle). */
        static final class Worker implements Runnable {
            /** Guarded by Threads.class (handing out) and this (waiting). */
            private Runnable task;

            @Override public void run() {
                Thread self = Thread.currentThread();
                while (true) {
                    Runnable t = awaitTask();
                    if (t == null) return;
                    self.setName("txlab-lua-coroutine");
                    try {
                        t.run();
                    } catch (Throwable ignored) {
                        // runBody catches everything; nothing is left to report here
                    } finally {
                        self.setName("txlab-lua-spare");
                    }
                    synchronized (Threads.class) {
                        synchronized (this) {
                            task = null;
                        }
                        if (idle.size() >= MAX_IDLE) return;
                        idle.addLast(this);
                    }
                }
            }

            /** The next task, or null when the thread has been idle for a minute and leaves the pool. */
            private Runnable awaitTask() {
                while (true) {
                    synchronized (this) {
                        long deadline = System.currentTimeMillis() + IDLE_MILLIS;
                        for (long left = IDLE_MILLIS; task == null && left > 0; left = deadline - System.currentTimeMillis()) {
                            try {
                                wait(left);
                            } catch (InterruptedException e) {
                                break;
                            }
                        }
                        if (task != null) return task;
                    }
                    // leave the pool, unless a task was handed over meanwhile (in the same lock order as run)
                    synchronized (Threads.class) {
                        synchronized (this) {
                            if (task != null) return task;
                            idle.remove(this);
                            return null;
                        }
                    }
                }
            }
        }

        /** Runs the task on an idle thread, or on a new one. */
        static void run(Runnable task) {
            synchronized (Threads.class) {
                Worker w = idle.pollLast();
                if (w != null) {
                    synchronized (w) {
                        w.task = task;
                        w.notifyAll();
                    }
                    return;
                }
            }
            Worker w = new Worker();
            w.task = task;
            Thread t = new Thread(null, w, "txlab-lua-coroutine", STACK_BYTES);
            t.setDaemon(true);
            t.start();
        }
    }
}
