package dev.txlab.engine;

/**
 * A client's static reply buffer as Redis 7.0 sizes it, for CLIENT LIST's rbs/rbp, tot-mem and
 * INFO's reply_buffer_shrinks/expands. serve buffers replies its own way; this follows what Redis
 * would hold: a buffer of 16 KB at first, filled by each reply up to its size (what does not fit
 * goes to the reply list), emptied once written. The cron (clientsCronResizeOutputBuffer) halves a
 * buffer whose peak use stayed under half of it, down to 1 KB, and doubles one that filled up, up
 * to 16 KB; each allocation is rounded up to jemalloc's size class.
 */
public final class ReplyBufferShape {
    private static final long MIN_BYTES = 1024;    // PROTO_REPLY_MIN_BYTES
    private static final long CHUNK_BYTES = 16384; // PROTO_REPLY_CHUNK_BYTES

    private long usable = CHUNK_BYTES;
    private long peak = CHUNK_BYTES;
    private long bufpos;
    private long peakResetAt;

    /**
     * {@code createdSeconds}: Redis stores the client's creation as the peak's last reset in
     * seconds and the cron compares it with milliseconds, so the first tick resets the peak.
     */
    ReplyBufferShape(long createdSeconds) { peakResetAt = createdSeconds; }

    /** Replies were queued: {@code pending} bytes wait to be sent, the buffer holding what fits. */
    public void buffered(long pending) {
        bufpos = Math.min(usable, pending);
        peak = Math.max(peak, bufpos);
    }

    /** clientHasPendingReplies: replies of earlier commands wait to be written (serve only). */
    public boolean hasPending() { return bufpos > 0; }

    /** A write left {@code pending} bytes unsent. */
    public void sent(long pending) { bufpos = pending == 0 ? 0 : Math.min(bufpos, pending); }

    /**
     * One cron pass; {@code peakResetMillis} -1 keeps the peak (DEBUG REPLYBUFFER peak-reset-time
     * never). Returns -1 after a shrink, 1 after an expansion, 0 otherwise.
     */
    int cron(long nowMillis, long peakResetMillis, boolean resizing) {
        if (!resizing) return 0;
        long newSize = 0;
        int resized = 0;
        if (usable / 2 >= MIN_BYTES && peak < usable / 2) {
            newSize = Math.max(MIN_BYTES, peak + 1);
            resized = -1;
        } else if (usable * 2 < CHUNK_BYTES * 2 && peak == usable) {
            newSize = Math.min(CHUNK_BYTES, usable * 2);
            resized = 1;
        }
        if (peakResetMillis >= 0 && nowMillis - peakResetAt >= peakResetMillis) {
            peak = bufpos;
            peakResetAt = nowMillis;
        }
        if (newSize > 0) usable = jemallocSizeClass(newSize);
        return resized;
    }

    /** CLIENT LIST's rbs. */
    public long size() { return usable; }

    /** CLIENT LIST's rbp. */
    public long peak() { return peak; }

    /** jemalloc's size class for {@code n} bytes (four classes per doubling), as zmalloc_usable reports. */
    static long jemallocSizeClass(long n) {
        if (n <= 8) return 8;
        if (n <= 128) return (n + 15) / 16 * 16;
        int k = 63 - Long.numberOfLeadingZeros(n - 1); // 2^k < n <= 2^(k+1)
        long spacing = 1L << (k - 2);
        return (n + spacing - 1) / spacing * spacing;
    }
}
