package dev.txlab.engine.script;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A table's contents laid out as Lua 5.1 lays them out (ltable.c): an array part and a hash part
 * of 2^n nodes with Brent-style chaining, resized by the same rules. The layout is what decides
 * the order {@code pairs} and {@code next} visit keys in, and so what {@code cjson.encode} of an
 * object and a returned {@code {map=...}} print; it also decides what {@code #} answers for a
 * table with holes. Reproducing it makes those match Redis, where LuaJ's own tables would not.
 *
 * <p>Nil values are stored as null. String keys hash as in Redis's Lua (every byte hashed).
 */
final class TableStore {
    private static final int MAXBITS = 26;
    private static final int MAXASIZE = 1 << MAXBITS;

    private LuaValue[] array = new LuaValue[0];
    private int sizearray;
    // the hash part: parallel arrays, -1 for "no next node"
    private LuaValue[] keys;
    private LuaValue[] vals;
    private int[] next;
    private int lsizenode;
    private boolean dummy;
    private int lastfree;

    TableStore(int narray, int nhash) {
        setArrayVector(narray);
        setNodeVector(nhash);
    }

    /** luaO_fb2int: the table sizes OP_NEWTABLE encodes as "floating point bytes". */
    static int fb2int(int x) {
        int e = (x >> 3) & 31;
        return e == 0 ? x : ((x & 7) + 8) << (e - 1);
    }

    private int sizenode() { return 1 << lsizenode; }

    // ---- hashing -------------------------------------------------------------------------------

    /** The hash Redis's Lua gives a string (luaS_newlstr with every byte hashed). */
    static int stringHash(LuaString s) {
        int l = s.m_length;
        int h = l;
        for (int l1 = l; l1 >= 1; l1--) {
            h = h ^ ((h << 5) + (h >>> 2) + (s.m_bytes[s.m_offset + l1 - 1] & 0xff));
        }
        return h;
    }

    private int mainPosition(LuaValue key) {
        int size = sizenode();
        switch (key.type()) {
            case LuaValue.TNUMBER: {
                double n = key.todouble();
                if (n == 0) return 0;
                long bits = Double.doubleToRawLongBits(n);
                int a = (int) bits + (int) (bits >>> 32);
                return Integer.remainderUnsigned(a, (size - 1) | 1);
            }
            case LuaValue.TSTRING:
                return stringHash(key.strvalue()) & (size - 1);
            case LuaValue.TBOOLEAN:
                return (key.toboolean() ? 1 : 0) & (size - 1);
            default:
                // a pointer in C: the order of such keys is arbitrary on a real server too
                return Integer.remainderUnsigned(System.identityHashCode(key), (size - 1) | 1);
        }
    }

    /** The key's index in the array part (1-based) when it is an integral number, else -1. */
    private static int arrayIndex(LuaValue key) {
        if (key.type() != LuaValue.TNUMBER) return -1;
        double n = key.todouble();
        int k = (int) n;
        return k == n ? k : -1;
    }

    private static boolean rawEquals(LuaValue a, LuaValue b) {
        if (a == null || b == null) return false;
        if (a.type() != b.type()) return false;
        if (a.type() == LuaValue.TNUMBER) return a.todouble() == b.todouble();
        return a.raweq(b);
    }

    // ---- reading -------------------------------------------------------------------------------

    /** The node holding key, or -1. */
    private int findNode(LuaValue key) {
        if (dummy) return -1;
        int n = mainPosition(key);
        do {
            if (rawEquals(keys[n], key)) return n;
            n = next[n];
        } while (n >= 0);
        return -1;
    }

    LuaValue get(LuaValue key) {
        if (key.isnil()) return LuaValue.NIL;
        int k = arrayIndex(key);
        if (k >= 1 && k <= sizearray) return nil(array[k - 1]);
        int n = findNode(key);
        return n < 0 ? LuaValue.NIL : nil(vals[n]);
    }

    LuaValue get(int k) {
        if (k >= 1 && k <= sizearray) return nil(array[k - 1]);
        int n = findNode(LuaValue.valueOf(k));
        return n < 0 ? LuaValue.NIL : nil(vals[n]);
    }

    private static LuaValue nil(LuaValue v) { return v == null ? LuaValue.NIL : v; }

    // ---- writing -------------------------------------------------------------------------------

    /**
     * luaH_set then the assignment: an absent key is added even when the value is nil, as in
     * Lua 5.1. The key must not be nil or NaN (callers raise those errors).
     */
    void set(LuaValue key, LuaValue value) {
        LuaValue v = value == null || value.isnil() ? null : value;
        int k = arrayIndex(key);
        if (k >= 1 && k <= sizearray) {
            array[k - 1] = v;
            return;
        }
        int n = findNode(key);
        if (n >= 0) {
            vals[n] = v;
            return;
        }
        newKey(key, v);
    }

    void set(int k, LuaValue value) {
        if (k >= 1 && k <= sizearray) {
            array[k - 1] = value == null || value.isnil() ? null : value;
            return;
        }
        set(LuaValue.valueOf(k), value);
    }

    private void newKey(LuaValue key, LuaValue value) {
        int mp = mainPosition(key);
        if (dummy || vals[mp] != null) {
            int f = freePosition();
            if (f < 0) {
                rehash(key);
                set(key, value);
                return;
            }
            int other = mainPosition(keys[mp]);
            if (other != mp) {
                // the colliding node is out of its main position: move it to the free one
                while (next[other] != mp) other = next[other];
                next[other] = f;
                keys[f] = keys[mp];
                vals[f] = vals[mp];
                next[f] = next[mp];
                next[mp] = -1;
                vals[mp] = null;
            } else {
                // the colliding node is in its own main position: the new key takes the free one
                next[f] = next[mp];
                next[mp] = f;
                mp = f;
            }
        }
        keys[mp] = key;
        vals[mp] = value;
    }

    private int freePosition() {
        while (lastfree > 0) {
            lastfree--;
            if (keys[lastfree] == null) return lastfree;
        }
        return -1;
    }

    // ---- resizing --------------------------------------------------------------------------------

    private static int ceilLog2(int x) { return 32 - Integer.numberOfLeadingZeros(x - 1); }

    private static int countInt(LuaValue key, int[] nums) {
        int k = arrayIndex(key);
        if (0 < k && k <= MAXASIZE) {
            nums[ceilLog2(k)]++;
            return 1;
        }
        return 0;
    }

    private int numUseArray(int[] nums) {
        int ause = 0;
        int i = 1;
        for (int lg = 0, ttlg = 1; lg <= MAXBITS; lg++, ttlg *= 2) {
            int lc = 0;
            int lim = ttlg;
            if (lim > sizearray) {
                lim = sizearray;
                if (i > lim) break;
            }
            for (; i <= lim; i++) if (array[i - 1] != null) lc++;
            nums[lg] += lc;
            ause += lc;
        }
        return ause;
    }

    private void rehash(LuaValue extraKey) {
        int[] nums = new int[MAXBITS + 1];
        int[] nasize = {numUseArray(nums)};
        int totaluse = nasize[0];
        // numusehash
        int hashUse = 0;
        int ause = 0;
        if (!dummy) {
            for (int i = sizenode() - 1; i >= 0; i--) {
                if (vals[i] != null) {
                    ause += countInt(keys[i], nums);
                    hashUse++;
                }
            }
        }
        nasize[0] += ause;
        totaluse += hashUse;
        nasize[0] += countInt(extraKey, nums);
        totaluse++;
        int na = computeSizes(nums, nasize);
        resize(nasize[0], totaluse - na);
    }

    private static int computeSizes(int[] nums, int[] narray) {
        int a = 0;
        int na = 0;
        int n = 0;
        for (int i = 0, twotoi = 1; twotoi / 2 < narray[0]; i++, twotoi *= 2) {
            if (nums[i] > 0) {
                a += nums[i];
                if (a > twotoi / 2) {
                    n = twotoi;
                    na = a;
                }
            }
            if (a == narray[0]) break;
        }
        narray[0] = n;
        return na;
    }

    private void setArrayVector(int size) {
        LuaValue[] a = new LuaValue[size];
        System.arraycopy(array, 0, a, 0, Math.min(sizearray, size));
        array = a;
        sizearray = size;
    }

    private void setNodeVector(int size) {
        if (size == 0) {
            dummy = true;
            lsizenode = 0;
            keys = new LuaValue[1];
            vals = new LuaValue[1];
            next = new int[] {-1};
            lastfree = 0;
        } else {
            int lsize = ceilLog2(size);
            if (lsize > MAXBITS) throw new org.luaj.vm2.LuaError("table overflow"); // luaG_runerror's text
            size = 1 << lsize;
            dummy = false;
            lsizenode = lsize;
            keys = new LuaValue[size];
            vals = new LuaValue[size];
            next = new int[size];
            java.util.Arrays.fill(next, -1);
            lastfree = size;
        }
    }

    private void resize(int nasize, int nhsize) {
        long slots = (long) Math.max(0, nasize) + (nhsize > 0 ? Integer.highestOneBit(Math.max(1, nhsize - 1)) * 2L * 3 : 0);
        if (slots > 65536) MemoryGuard.reserveActive(slots * 8, "a table"); // before the old arrays are let go
        int oldasize = sizearray;
        LuaValue[] oldKeys = keys;
        LuaValue[] oldVals = vals;
        boolean oldDummy = dummy;
        if (nasize > oldasize) setArrayVector(nasize);
        setNodeVector(nhsize);
        if (nasize < oldasize) {
            LuaValue[] old = array;
            sizearray = nasize;
            for (int i = nasize; i < oldasize; i++) if (old[i] != null) set(i + 1, old[i]);
            setArrayVector(nasize);
        }
        if (!oldDummy) {
            for (int i = oldKeys.length - 1; i >= 0; i--) if (oldVals[i] != null) set(oldKeys[i], oldVals[i]);
        }
    }

    /** luaH_resizearray, what OP_SETLIST asks for. */
    void presize(int nasize) {
        if (nasize > sizearray) resize(nasize, dummy ? 0 : sizenode());
    }

    // ---- traversal and length --------------------------------------------------------------------

    /** The traversal index after key (-1 for nil), or null when the key is not in the table. */
    private Integer findIndex(LuaValue key) {
        if (key.isnil()) return -1;
        int k = arrayIndex(key);
        if (k > 0 && k <= sizearray) return k - 1;
        int n = findNode(key);
        return n < 0 ? null : n + sizearray;
    }

    /** luaH_next: the key and value after key, NONE at the end, or null for an invalid key. */
    Varargs next(LuaValue key) {
        Integer found = findIndex(key);
        if (found == null) return null;
        int i = found;
        for (i++; i < sizearray; i++) {
            if (array[i] != null) return LuaValue.varargsOf(LuaValue.valueOf(i + 1), array[i]);
        }
        if (!dummy) {
            for (i -= sizearray; i < sizenode(); i++) {
                if (vals[i] != null) return LuaValue.varargsOf(keys[i], vals[i]);
            }
        }
        return LuaValue.NONE;
    }

    /** luaH_getn: a border, found as Lua 5.1 finds it. */
    int length() {
        int j = sizearray;
        if (j > 0 && array[j - 1] == null) {
            int i = 0;
            while (j - i > 1) {
                int m = (i + j) >>> 1;
                if (array[m - 1] == null) j = m;
                else i = m;
            }
            return i;
        }
        if (dummy) return j;
        long i = j;
        long jj = (long) j + 1;
        while (!get((int) Math.min(jj, Integer.MAX_VALUE)).isnil()) {
            i = jj;
            jj *= 2;
            if (jj > Integer.MAX_VALUE) {
                int k = 1;
                while (!get(k).isnil()) k++;
                return k - 1;
            }
        }
        while (jj - i > 1) {
            long m = (i + jj) / 2;
            if (get((int) m).isnil()) jj = m;
            else i = m;
        }
        return (int) i;
    }
}
