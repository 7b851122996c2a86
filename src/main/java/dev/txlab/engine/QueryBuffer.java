package dev.txlab.engine;

/**
 * The size of a client's query buffer as Redis 7.0 would have it (CLIENT LIST's qbuf and
 * qbuf-free): serve reports each read and what stays unparsed, and this follows
 * readQueryFromClient's growth (the first 16 KB and big bulk strings sized exactly, greedy
 * doubling otherwise) and clientsCronResizeQueryBuffer's shrinking (freed after 2 s idle,
 * trimmed to the recent peak when much bigger than it). The cron runs lazily, when the
 * buffer is looked at, at most once per 100 ms (hz 10).
 */
public final class QueryBuffer {
    /** PROTO_IOBUF_LEN, PROTO_MBULK_BIG_ARG, PROTO_RESIZE_THRESHOLD, SDS_MAX_PREALLOC. */
    private static final long IOBUF = 16 * 1024;
    private static final long BIG_ARG = 32 * 1024;
    private static final long RESIZE_THRESHOLD = 32 * 1024;
    private static final long MAX_PREALLOC = 1024 * 1024;

    private long alloc;
    private long length;
    private long peak;
    private long lastCron = -1;
    /** While a command runs: the bytes buffered from its start, and its arguments' total length. */
    private long runningLength = -1;
    private long argvMemory;

    /** A read of {@code count} bytes arrived with {@code before} unparsed; {@code bulk}: the bulk length being read, or -1. */
    public void read(long before, long count, long bulk) {
        if (bulk >= BIG_ARG) {
            alloc = Math.max(alloc, bulk + 2); // the header is trimmed and the bulk gets exactly its room
        } else if (alloc < IOBUF) {
            // sdsMakeRoomForNonGreedy: 16 KB plus the sds header, in jemalloc's 20 KB size class
            alloc = Math.max(alloc, before + IOBUF <= 20474 ? 20474 : before + IOBUF);
        } else if (alloc - before < IOBUF) {
            long wanted = before + IOBUF;
            alloc = wanted < MAX_PREALLOC ? wanted * 2 : wanted + MAX_PREALLOC;
        }
        length = before + count;
        alloc = Math.max(alloc, length);
        peak = Math.max(peak, length);
    }

    /** A command starts: {@code buffered} bytes from its first one on, its arguments {@code argv} bytes long. */
    public void running(long buffered, long argv) {
        runningLength = buffered;
        argvMemory = argv;
    }

    /** The command finished; {@code remaining} bytes stay unparsed. */
    public void done(long remaining) {
        runningLength = -1;
        argvMemory = 0;
        length = remaining;
    }

    /** clientsCronResizeQueryBuffer, if a cron tick has passed since the last one. */
    public void cron(long nowMillis, long idleSeconds) {
        if (runningLength >= 0) return;
        if (lastCron >= 0 && nowMillis - lastCron < 100) return;
        lastCron = nowMillis;
        if (alloc - length > 4 * 1024) {
            if (idleSeconds > 2) {
                alloc = length;
            } else if (alloc > RESIZE_THRESHOLD && alloc / 2 > peak) {
                alloc = Math.max(length, peak);
            }
        }
        peak = length;
    }

    /** CLIENT LIST's qbuf. */
    public long used() { return runningLength >= 0 ? runningLength : length; }

    /** CLIENT LIST's qbuf-free. */
    public long free() { return Math.max(0, alloc - used()); }

    /** The buffer's allocation (CLIENT LIST's tot-mem counts it). */
    public long allocated() { return Math.max(alloc, used()); }

    /** CLIENT LIST's argv-mem. */
    public long argvMemory() { return argvMemory; }
}
