package dev.txlab.engine.hll;

import java.util.Arrays;

/**
 * A HyperLogLog exactly as Redis 7.0 keeps it inside a string value (hyperloglog.c), so that GET
 * of a HyperLogLog key, DUMP, and every PFDEBUG answer are byte for byte Redis's.
 *
 * <p>Layout: a 16-byte header ("HYLL", the encoding byte, three unused bytes, the cached
 * cardinality as 8 little-endian bytes whose top bit set means "stale"), then either 16,384
 * six-bit registers packed least significant bit first ("dense", 12,288 bytes) or a run-length
 * form ("sparse") of three opcodes: ZERO {@code 00xxxxxx} (1-64 zero registers), XZERO
 * {@code 01xxxxxx yyyyyyyy} (1-16,384 zero registers), VAL {@code 1vvvvvxx} (1-4 registers of value
 * 1-32). A new HyperLogLog is sparse; it turns dense when a register needs a value above 32 or
 * the sparse form would grow past {@code hll-sparse-max-bytes}. Elements are hashed with
 * MurmurHash64A (seed 0xadc83b19): 14 bits pick the register, the rest give the run of zeros.
 * The count is Ertl's improved estimator, as Redis 5 and later use.
 *
 * <p>The sparse form is edited in place the way Redis edits it (split the opcode covering the
 * register, then merge equal neighbouring VALs within a short window): a different but equally
 * valid form would show in GET and PFDEBUG DECODE.
 *
 * <p>Reading a sparse form, any opcode that would run past the last register marks it corrupted
 * (INVALIDOBJ), as the redis-server 7.0.15 of the distributions does since the fix for
 * CVE-2025-32023 (the 7.0.15 tag itself stopped silently at an overflowing VAL).
 */
public final class HyperLogLog {
    public static final int REGISTERS = 16384;
    private static final int P = 14;
    private static final int Q = 64 - P;
    private static final int HEADER = 16;
    public static final int DENSE_SIZE = HEADER + (REGISTERS * 6 + 7) / 8;
    private static final int DENSE = 0;
    private static final int SPARSE = 1;
    private static final int SPARSE_VAL_MAX_VALUE = 32;
    private static final int SPARSE_VAL_MAX_LEN = 4;
    private static final int SPARSE_ZERO_MAX_LEN = 64;
    private static final int SPARSE_XZERO_MAX_LEN = 16384;
    private static final double ALPHA_INF = 0.721347520444481703680; // 0.5 / ln(2)

    /** Thrown when a sparse form does not add up to 16,384 registers (Redis: INVALIDOBJ). */
    public static final class Corrupted extends Exception {
        Corrupted() { super("Corrupted HLL object detected", null, false, false); }
    }

    private byte[] bytes;
    private int length;

    private HyperLogLog(byte[] bytes, int length) {
        this.bytes = bytes;
        this.length = length;
    }

    /** A new, empty HyperLogLog: sparse, one XZERO covering every register, cached count 0. */
    public static HyperLogLog empty() {
        byte[] b = new byte[HEADER + 2];
        b[0] = 'H'; b[1] = 'Y'; b[2] = 'L'; b[3] = 'L';
        b[4] = SPARSE;
        setXzero(b, HEADER, REGISTERS);
        return new HyperLogLog(b, b.length);
    }

    /** isHLLObjectOrReply's checks: the header's magic and encoding, and a dense form's exact size. */
    public static boolean looksValid(byte[] s) {
        if (s.length < HEADER) return false;
        if (s[0] != 'H' || s[1] != 'Y' || s[2] != 'L' || s[3] != 'L') return false;
        int encoding = s[4] & 0xff;
        if (encoding > SPARSE) return false;
        return encoding != DENSE || s.length == DENSE_SIZE;
    }

    /** A working copy of a string value that {@link #looksValid} accepted. */
    public static HyperLogLog copyOf(byte[] s) {
        return new HyperLogLog(Arrays.copyOf(s, s.length + 8), s.length);
    }

    public byte[] toBytes() { return Arrays.copyOf(bytes, length); }

    public boolean isDense() { return bytes[4] == DENSE; }

    // ---------------------------------------------------------------- hashing

    /** MurmurHash2, 64-bit version, reading 8-byte blocks little endian as Redis does on every platform. */
    static long murmurHash64A(byte[] key, long seed) {
        final long m = 0xc6a4a7935bd1e995L;
        final int r = 47;
        int len = key.length;
        long h = seed ^ (len * m);
        int blocks = len - (len & 7);
        for (int i = 0; i < blocks; i += 8) {
            long k = 0;
            for (int j = 7; j >= 0; j--) k = (k << 8) | (key[i + j] & 0xffL);
            k *= m;
            k ^= k >>> r;
            k *= m;
            h ^= k;
            h *= m;
        }
        int rest = len & 7;
        if (rest > 0) {
            for (int j = rest - 1; j >= 0; j--) h ^= (key[blocks + j] & 0xffL) << (8 * j);
            h *= m;
        }
        h ^= h >>> r;
        h *= m;
        h ^= h >>> r;
        return h;
    }

    /** The register an element lands in (low 14 bits) and its run length: trailing zeros + 1, at most Q + 1. */
    private static long registerAndCount(byte[] element) {
        long hash = murmurHash64A(element, 0xadc83b19L);
        int index = (int) (hash & (REGISTERS - 1));
        long rest = (hash >>> P) | (1L << Q);
        int count = Long.numberOfTrailingZeros(rest) + 1;
        return ((long) index << 8) | count;
    }

    // ---------------------------------------------------------------- dense registers

    private static int denseGet(byte[] b, int index) {
        int bit = index * 6;
        int at = HEADER + (bit >> 3);
        int shift = bit & 7;
        int b0 = b[at] & 0xff;
        int b1 = at + 1 < HEADER + (REGISTERS * 6 + 7) / 8 ? b[at + 1] & 0xff : 0;
        return ((b0 >> shift) | (b1 << (8 - shift))) & 63;
    }

    private static void denseSet(byte[] b, int index, int value) {
        int bit = index * 6;
        int at = HEADER + (bit >> 3);
        int shift = bit & 7;
        b[at] = (byte) ((b[at] & ~(63 << shift)) | (value << shift));
        if (shift > 2) { // the register spills into the next byte
            int spill = 8 - shift;
            b[at + 1] = (byte) ((b[at + 1] & ~(63 >> spill)) | (value >> spill));
        }
    }

    /** hllDenseSet: raises the register to value if that is higher; true if it changed. */
    private boolean denseRaise(int index, int value) {
        if (value <= denseGet(bytes, index)) return false;
        denseSet(bytes, index, value);
        return true;
    }

    // ---------------------------------------------------------------- sparse opcodes

    private static boolean isZero(byte op) { return (op & 0xc0) == 0; }
    private static boolean isXzero(byte op) { return (op & 0xc0) == 0x40; }
    private static boolean isVal(byte op) { return (op & 0x80) != 0; }
    private static int zeroLen(byte op) { return (op & 0x3f) + 1; }
    private static int xzeroLen(byte[] b, int at) { return (((b[at] & 0x3f) << 8) | (b[at + 1] & 0xff)) + 1; }
    private static int valValue(byte op) { return ((op >> 2) & 0x1f) + 1; }
    private static int valLen(byte op) { return (op & 0x3) + 1; }
    private static byte val(int value, int len) { return (byte) (0x80 | ((value - 1) << 2) | (len - 1)); }
    private static byte zero(int len) { return (byte) (len - 1); }

    /** How many registers the opcode at p covers. */
    private int runOf(int p) {
        byte op = bytes[p];
        return isZero(op) ? zeroLen(op) : isXzero(op) ? xzeroLen(bytes, p) : valLen(op);
    }

    private static void setXzero(byte[] b, int at, int len) {
        int l = len - 1;
        b[at] = (byte) ((l >> 8) | 0x40);
        b[at + 1] = (byte) (l & 0xff);
    }

    /** Writes a run of zeros as ZERO or XZERO at seq[n]; answers the new n. */
    private static int putZeros(byte[] seq, int n, int len) {
        if (len > SPARSE_ZERO_MAX_LEN) {
            setXzero(seq, n, len);
            return n + 2;
        }
        seq[n] = zero(len);
        return n + 1;
    }

    /** hllSparseToDense: no-op when already dense. */
    public void toDense() throws Corrupted {
        if (isDense()) return;
        byte[] dense = new byte[DENSE_SIZE + 8];
        System.arraycopy(bytes, 0, dense, 0, HEADER);
        dense[4] = DENSE;
        int index = 0;
        int p = HEADER;
        while (p < length) {
            byte op = bytes[p];
            int run = runOf(p);
            if (index + run > REGISTERS) throw new Corrupted();
            if (isVal(op)) {
                for (int i = 0; i < run; i++) denseSet(dense, index + i, valValue(op));
            }
            index += run;
            p += isXzero(op) ? 2 : 1;
        }
        if (index != REGISTERS) throw new Corrupted();
        bytes = dense;
        length = DENSE_SIZE;
    }

    private void ensureRoom(int extra) {
        if (length + extra > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(length + extra, bytes.length * 2));
    }

    /** hllSparseSet: raises register index to count, editing the sparse form in place or turning dense. */
    private boolean sparseRaise(int index, int count, long sparseMaxBytes) throws Corrupted {
        if (count > SPARSE_VAL_MAX_VALUE) return promote(index, count);
        ensureRoom(3);
        // Step 1: find the opcode covering the register.
        int p = HEADER;
        int first = 0;
        int prev = -1;
        int span = 0;
        while (p < length) {
            byte op = bytes[p];
            int opLength = 1;
            if (isZero(op)) span = zeroLen(op);
            else if (isVal(op)) span = valLen(op);
            else {
                span = xzeroLen(bytes, p);
                opLength = 2;
            }
            if (index <= first + span - 1) break;
            prev = p;
            p += opLength;
            first += span;
        }
        if (span == 0 || p >= length) throw new Corrupted();
        int next = isXzero(bytes[p]) ? p + 2 : p + 1;
        boolean hasNext = next < length;
        byte op = bytes[p];
        boolean zero = isZero(op);
        boolean xzero = isXzero(op);
        int runLength = zero ? zeroLen(op) : xzero ? xzeroLen(bytes, p) : valLen(op);

        // Step 2: the cases that need no split.
        boolean done = false;
        if (isVal(op)) {
            if (valValue(op) >= count) return false;
            if (runLength == 1) {
                bytes[p] = val(count, 1);
                done = true;
            }
        }
        if (!done && zero && runLength == 1) {
            bytes[p] = val(count, 1);
            done = true;
        }
        if (!done) {
            // The general case: split the opcode around the register (at most XZERO-VAL-XZERO).
            byte[] seq = new byte[5];
            int n = 0;
            int last = first + span - 1;
            if (zero || xzero) {
                if (index != first) n = putZeros(seq, n, index - first);
                seq[n++] = val(count, 1);
                if (index != last) n = putZeros(seq, n, last - index);
            } else {
                int current = valValue(op);
                if (index != first) seq[n++] = val(current, index - first);
                seq[n++] = val(count, 1);
                if (index != last) seq[n++] = val(current, last - index);
            }
            int delta = n - (xzero ? 2 : 1);
            if (delta > 0 && length + delta > sparseMaxBytes) return promote(index, count);
            if (delta != 0 && hasNext) System.arraycopy(bytes, next, bytes, next + delta, length - next);
            length += delta;
            System.arraycopy(seq, 0, bytes, p, n);
        }
        // Step 4: merge equal neighbouring VALs, looking at a few opcodes from the previous one.
        int q = prev >= 0 ? prev : HEADER;
        int window = 5;
        while (q < length && window-- > 0) {
            if (isXzero(bytes[q])) {
                q += 2;
                continue;
            }
            if (isZero(bytes[q])) {
                q++;
                continue;
            }
            if (q + 1 < length && isVal(bytes[q + 1])) {
                int v1 = valValue(bytes[q]);
                int v2 = valValue(bytes[q + 1]);
                int merged = valLen(bytes[q]) + valLen(bytes[q + 1]);
                if (v1 == v2 && merged <= SPARSE_VAL_MAX_LEN) {
                    bytes[q + 1] = val(v1, merged);
                    System.arraycopy(bytes, q + 1, bytes, q, length - q - 1);
                    length--;
                    continue; // try to merge the result with its right neighbour too
                }
            }
            q++;
        }
        invalidateCache();
        return true;
    }

    private boolean promote(int index, int count) throws Corrupted {
        toDense();
        denseRaise(index, count);
        return true;
    }

    private boolean raise(int index, int count, long sparseMaxBytes) throws Corrupted {
        return isDense() ? denseRaise(index, count) : sparseRaise(index, count, sparseMaxBytes);
    }

    /** PFADD of one element: true if a register rose (the estimate may have changed). */
    public boolean add(byte[] element, long sparseMaxBytes) throws Corrupted {
        long rc = registerAndCount(element);
        return raise((int) (rc >>> 8), (int) (rc & 0xff), sparseMaxBytes);
    }

    /** hllMerge: raises each of max's registers to this HyperLogLog's where that is higher. */
    public void mergeInto(byte[] max) throws Corrupted {
        if (isDense()) {
            for (int i = 0; i < REGISTERS; i++) {
                int v = denseGet(bytes, i);
                if (v > max[i]) max[i] = (byte) v;
            }
            return;
        }
        int i = 0;
        int p = HEADER;
        while (p < length) {
            byte op = bytes[p];
            int run = runOf(p);
            if (i + run > REGISTERS) throw new Corrupted();
            if (isVal(op)) {
                int value = valValue(op);
                for (int k = 0; k < run; k++) if (value > max[i + k]) max[i + k] = (byte) value;
            }
            i += run;
            p += isXzero(op) ? 2 : 1;
        }
        if (i != REGISTERS) throw new Corrupted();
    }

    /** PFMERGE's write into the destination: every non-zero register of max, in order. */
    public void raiseAll(byte[] max, long sparseMaxBytes) throws Corrupted {
        for (int i = 0; i < REGISTERS; i++) if (max[i] != 0) raise(i, max[i], sparseMaxBytes);
    }

    // ---------------------------------------------------------------- counting

    public void invalidateCache() { bytes[15] |= (byte) 0x80; }

    /** The cached count, or -1 when it is stale. */
    public long cachedCount() {
        if ((bytes[15] & 0x80) != 0) return -1;
        long card = 0;
        for (int i = 15; i >= 8; i--) card = (card << 8) | (bytes[i] & 0xff);
        return card;
    }

    public void cacheCount(long card) {
        for (int i = 0; i < 8; i++) bytes[8 + i] = (byte) (card >>> (8 * i));
    }

    /** The estimate from this HyperLogLog's registers. */
    public long count() throws Corrupted {
        int[] histogram = new int[64];
        if (isDense()) {
            for (int i = 0; i < REGISTERS; i++) histogram[denseGet(bytes, i)]++;
        } else {
            int index = 0;
            int p = HEADER;
            while (p < length) {
                byte op = bytes[p];
                int run = runOf(p);
                if (index + run > REGISTERS) throw new Corrupted();
                histogram[isVal(op) ? valValue(op) : 0] += run;
                index += run;
                p += isXzero(op) ? 2 : 1;
            }
            if (index != REGISTERS) throw new Corrupted();
        }
        return estimate(histogram);
    }

    /** The estimate of a union given as one byte per register (PFCOUNT of several keys). */
    public static long count(byte[] registers) {
        int[] histogram = new int[64];
        for (byte r : registers) histogram[r]++;
        return estimate(histogram);
    }

    /** Ertl, "New cardinality estimation algorithms for HyperLogLog sketches" (arXiv:1702.01284). */
    private static long estimate(int[] histogram) {
        double m = REGISTERS;
        double z = m * tau((m - histogram[Q + 1]) / m);
        for (int j = Q; j >= 1; --j) {
            z += histogram[j];
            z *= 0.5;
        }
        z += m * sigma(histogram[0] / m);
        return Math.round(ALPHA_INF * m * m / z);
    }

    private static double sigma(double x) {
        if (x == 1.0) return Double.POSITIVE_INFINITY;
        double y = 1;
        double z = x;
        double previous;
        do {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        } while (previous != z);
        return z;
    }

    private static double tau(double x) {
        if (x == 0.0 || x == 1.0) return 0.0;
        double y = 1.0;
        double z = 1 - x;
        double previous;
        do {
            x = Math.sqrt(x);
            previous = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        } while (previous != z);
        return z / 3;
    }

    // ---------------------------------------------------------------- debugging

    /** Every register's value (PFDEBUG GETREG on a dense HyperLogLog). */
    public int[] registers() {
        int[] r = new int[REGISTERS];
        for (int i = 0; i < REGISTERS; i++) r[i] = denseGet(bytes, i);
        return r;
    }

    /** PFDEBUG DECODE: the sparse opcodes as "Z:16384", "z:3", "v:2,1". */
    public String decode() {
        StringBuilder out = new StringBuilder();
        int p = HEADER;
        while (p < length) {
            byte op = bytes[p];
            if (out.length() > 0) out.append(' ');
            if (isZero(op)) {
                out.append("z:").append(zeroLen(op));
                p++;
            } else if (isXzero(op)) {
                out.append("Z:").append(xzeroLen(bytes, p));
                p += 2;
            } else {
                out.append("v:").append(valValue(op)).append(',').append(valLen(op));
                p++;
            }
        }
        return out.toString();
    }

    /** Redis's PFSELFTEST register check: set and read back every register many times. */
    static String registerSelfTest(java.util.Random random) {
        byte[] dense = new byte[DENSE_SIZE];
        int[] expected = new int[REGISTERS];
        for (int cycle = 0; cycle < 1000; cycle++) {
            for (int i = 0; i < REGISTERS; i++) {
                expected[i] = random.nextInt(64);
                denseSet(dense, i, expected[i]);
            }
            for (int i = 0; i < REGISTERS; i++) {
                int got = denseGet(dense, i);
                if (got != expected[i]) return "TESTFAILED Register " + i + " should be " + expected[i] + " but is " + got;
            }
        }
        return null;
    }
}
