package dev.txlab.engine.script;

/**
 * Keeps a script from filling the JVM's heap. Redis sets no memory limit on Lua (a script that
 * allocates without end grows redis-server until the kernel or its allocator gives up), but the
 * lab shares its heap with the store, the shell and serve's clients, and an OutOfMemoryError would
 * end all of them. So the lab stops such a script, with an error that says so:
 *
 * <ul>
 *   <li>every few thousand instructions, and before each allocation that can be large (a string
 *       built by string.rep, '..', table.concat, gsub, format, cjson, cmsgpack, struct, a table
 *       presized by a constructor, a reply from redis.call), it compares the heap in use with the
 *       run's limit;
 *   <li>over the limit, it asks for a garbage collection first (what is in use may be garbage), at
 *       most once per {@code slack} bytes allocated since the last one, and stops the script only if
 *       the heap is still over the limit.
 * </ul>
 *
 * The limit is three quarters of the heap (the lab keeps a quarter, at least 64 MB, for everything
 * else), or less when {@link #setBudget} caps what one script may add to what was in use when it
 * started. What the script wrote stays written, as after any failed script.
 */
final class MemoryGuard {
    /** The largest array a JVM allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final long MB = 1L << 20;

    /** The guard of the script running now (one at a time in the JVM), or null between scripts. */
    private static volatile MemoryGuard active;

    private final CallTracker tracker;
    private final Runtime runtime = Runtime.getRuntime();
    private long budget;
    private long limit = Long.MAX_VALUE;
    private long slack;
    /** Heap in use right after the last collection this run asked for, or -1. */
    private long lastLive = -1;

    MemoryGuard(CallTracker tracker) { this.tracker = tracker; }

    /** The most one script may add to the heap in use when it starts; zero or less: no such cap. */
    void setBudget(long bytes) { budget = bytes; }

    long budget() { return budget; }

    void startRun() {
        long max = runtime.maxMemory();
        long ceiling = max == Long.MAX_VALUE ? Long.MAX_VALUE : max - Math.max(max / 4, 64 * MB);
        if (budget > 0) System.gc(); // a budget counts from what is really in use, not from garbage
        limit = budget > 0 ? Math.min(ceiling, used() + budget) : ceiling;
        slack = Math.max(16 * MB, limit / 16);
        lastLive = -1;
        active = this;
    }

    void endRun() {
        if (active == this) active = null;
    }

    private long used() { return runtime.totalMemory() - runtime.freeMemory(); }

    /** The periodic look, from the instruction hook. */
    void check() {
        if (used() > limit) reclaim(0, null);
    }

    /** Before allocating about {@code bytes} bytes at once for {@code what} (a string, a table ...). */
    void reserve(long bytes, String what) {
        if (bytes > MAX_ARRAY) {
            throw tracker.stop(CallTracker.StopReason.MEMORY, "it tried to build " + what + " of " + bytes
                    + " bytes, more than the JVM holds in one piece (Redis's Lua has no memory limit)");
        }
        if (used() + bytes > limit) reclaim(bytes, what);
    }

    /** {@link #reserve} on the guard of the running script, if any (tables, conversions). */
    static void reserveActive(long bytes, String what) {
        MemoryGuard g = active;
        if (g != null) g.reserve(bytes, what);
    }

    private void reclaim(long bytes, String what) {
        long used = used();
        if (lastLive < 0 || used - lastLive >= slack) {
            System.gc();
            used = used();
            lastLive = used;
        }
        if (used + bytes <= limit) return;
        String why = what == null ? "the heap reached " + mb(used) + " while it ran"
                : "it needed " + mb(bytes) + " more for " + what + " with " + mb(used) + " of the heap in use";
        throw tracker.stop(CallTracker.StopReason.MEMORY, why + ", over the " + mb(limit)
                + " the lab lets a script fill (Redis's Lua has no memory limit)");
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (double) MB);
    }
}
