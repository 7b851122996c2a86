package dev.txlab.engine.keyspace;

import dev.txlab.engine.rdb.Listpack;
import dev.txlab.engine.rdb.Rdb;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A list. Redis 7.0 keeps every list as a quicklist (of listpacks), whatever its size:
 * list-max-listpack-size and list-compress-depth shape the nodes, which only DUMP (and DEBUG
 * OBJECT) show; lists pushed by the list commands follow that layout ({@link #trackLayout}). Here
 * the elements live in a circular array, so pushes and pops at either end cost O(1) and index
 * access (LINDEX, LRANGE, LSET) stays O(1); inserting or removing in the middle shifts elements.
 */
public final class ListValue implements RedisValue {
    private final Elements elements = new Elements();

    /** The elements view of a list whose quicklist node layout is known (see {@link #trackLayout}). */
    public interface NodeLayout {
        /** How many elements each quicklist node holds, head first; null when not known. */
        int[] quicklistNodeCounts();
    }

    /**
     * Follows the quicklist's node layout from now on (call on an empty list, with the
     * list-max-listpack-size the quicklist is created with): pushes at either end fill the end
     * node or start a new one as quicklistPushHead/Tail do, and deletions anywhere shrink their
     * node and drop it when empty (quicklistDelIndex, no merging), and LSET replaces in place
     * (quicklistReplaceEntry's lpReplace). An insert in the middle (LINSERT, with
     * _quicklistInsert's splits and merges) forgets the layout; DUMP then packs from the head.
     */
    public void trackLayout(long fill) {
        if (!elements.isEmpty()) return;
        elements.nodes = new ArrayList<>();
        elements.fill = fill;
    }

    /** The layout of a loaded quicklist: these nodes, in order (RESTORE and RDB loading keep them). */
    public void restoreLayout(List<Integer> counts, long fill) {
        List<long[]> nodes = new ArrayList<>();
        int from = 0;
        for (int count : counts) {
            long bytes = 7;
            for (int i = from; i < from + count; i++) bytes += Listpack.entrySize(elements.get(i));
            nodes.add(new long[] {count, bytes});
            from += count;
        }
        if (from != elements.size()) return;
        elements.nodes = nodes;
        elements.fill = fill;
    }

    /** The elements, head first; commands edit the list through this view. */
    public List<byte[]> elements() { return elements; }

    /** A copy (COPY's quicklist duplicate); the element arrays are never mutated, so they are shared. */
    public ListValue copy() {
        ListValue c = new ListValue();
        c.elements.addAll(elements);
        if (elements.nodes != null) { // quicklistDup copies node by node
            c.elements.nodes = new ArrayList<>();
            for (long[] n : elements.nodes) c.elements.nodes.add(n.clone());
            c.elements.fill = elements.fill;
        }
        return c;
    }

    @Override public String typeName() { return "list"; }
    /** Redis 7.0 keeps every list as a quicklist (of listpacks). */
    @Override public String encoding() { return "quicklist"; }
    @Override public long size() { return elements.size(); }

    /** A growable ring buffer: O(1) at both ends and by index. */
    private static final class Elements extends AbstractList<byte[]> implements RandomAccess, NodeLayout {
        private byte[][] ring = new byte[8][];
        private int head;
        private int size;
        /** Quicklist nodes, head first, as {element count, listpack bytes}; null when not known. */
        private List<long[]> nodes;
        private long fill;

        @Override public int[] quicklistNodeCounts() {
            if (nodes == null) return null;
            int[] counts = new int[nodes.size()];
            for (int i = 0; i < counts.length; i++) counts[i] = (int) nodes.get(i)[0];
            return counts;
        }

        /** quicklistPushHead / quicklistPushTail: the end node if _quicklistNodeAllowInsert, else a new one. */
        private void layoutPush(boolean atHead, byte[] element) {
            long entry = Listpack.entrySize(element);
            long[] end = nodes.isEmpty() ? null : nodes.get(atHead ? 0 : nodes.size() - 1);
            if (end != null && Rdb.allowInsert(end[1], (int) end[0], fill, element.length)) {
                end[0]++;
                end[1] += entry;
            } else if (atHead) {
                nodes.add(0, new long[] {1, 7 + entry}); // listpack header and end byte
            } else {
                nodes.add(new long[] {1, 7 + entry});
            }
        }

        /** quicklistReplaceEntry on a packed node: lpReplace in place, only the node's bytes change. */
        private void layoutReplace(int index, byte[] old, byte[] element) {
            int n = nodeOf(index);
            if (n < 0) return;
            nodes.get(n)[1] += Listpack.entrySize(element) - Listpack.entrySize(old);
        }

        /** quicklistDelIndex: the node holding the index loses the element, and goes when empty. */
        private void layoutDelete(int index, byte[] element) {
            int n = nodeOf(index);
            if (n < 0) return;
            long[] node = nodes.get(n);
            node[0]--;
            node[1] -= Listpack.entrySize(element);
            if (node[0] == 0) nodes.remove(n);
        }

        /** quicklistDelRange: every node loses its part of [from, to), in one pass; empty ones go. */
        private void layoutDeleteRange(int from, int to) {
            int first = 0;
            for (long[] node : nodes) {
                if (first >= to) break;
                int count = (int) node[0];
                for (int i = Math.max(from, first); i < Math.min(to, first + count); i++) {
                    node[0]--;
                    node[1] -= Listpack.entrySize(ring[slot(i)]);
                }
                first += count;
            }
            if (first < to && first < size) nodes = null; // out of step: forget the layout
            else nodes.removeIf(node -> node[0] == 0);
        }

        /**
         * The node holding an index, counted from the nearer end (pops and LSET near the tail of
         * a long list need not walk every node); -1, and the layout forgotten, when out of step.
         */
        private int nodeOf(int index) {
            if (index < size / 2) {
                int first = 0;
                for (int n = 0; n < nodes.size(); n++) {
                    first += (int) nodes.get(n)[0];
                    if (index < first) return n;
                }
            } else {
                int last = size; // one past the last index of node n
                for (int n = nodes.size() - 1; n >= 0; n--) {
                    last -= (int) nodes.get(n)[0];
                    if (index >= last) return n;
                }
            }
            nodes = null;
            return -1;
        }

        private int slot(int index) { return (head + index) & (ring.length - 1); }

        @Override public int size() { return size; }

        @Override public byte[] get(int index) {
            checkIndex(index, size);
            return ring[slot(index)];
        }

        @Override public byte[] set(int index, byte[] element) {
            checkIndex(index, size);
            int s = slot(index);
            byte[] old = ring[s];
            if (nodes != null) layoutReplace(index, old, element);
            ring[s] = element;
            return old;
        }

        @Override public void add(int index, byte[] element) {
            checkIndex(index, size + 1);
            if (nodes != null) {
                if (index == 0) layoutPush(true, element);
                else if (index == size) layoutPush(false, element);
                else nodes = null; // _quicklistInsert's splits and merges are not followed
            }
            if (size == ring.length) grow();
            if (index == 0) {
                head = (head - 1) & (ring.length - 1);
            } else if (index < size) {
                // shift the shorter side by one
                if (index < size / 2) {
                    head = (head - 1) & (ring.length - 1);
                    for (int i = 0; i < index; i++) ring[slot(i)] = ring[slot(i + 1)];
                } else {
                    for (int i = size; i > index; i--) ring[slot(i)] = ring[slot(i - 1)];
                }
            }
            ring[slot(index)] = element;
            size++;
            modCount++;
        }

        @Override public byte[] remove(int index) {
            checkIndex(index, size);
            byte[] old = ring[slot(index)];
            if (nodes != null) layoutDelete(index, old);
            if (index < size / 2) {
                for (int i = index; i > 0; i--) ring[slot(i)] = ring[slot(i - 1)];
                ring[head] = null;
                head = (head + 1) & (ring.length - 1);
            } else {
                for (int i = index; i < size - 1; i++) ring[slot(i)] = ring[slot(i + 1)];
                ring[slot(size - 1)] = null;
            }
            size--;
            modCount++;
            return old;
        }

        @Override protected void removeRange(int from, int to) {
            if (from >= to) return;
            if (nodes != null) layoutDeleteRange(from, to);
            int n = to - from;
            if (from == 0) {
                for (int i = 0; i < n; i++) ring[slot(i)] = null;
                head = (head + n) & (ring.length - 1);
            } else {
                for (int i = from; i + n < size; i++) ring[slot(i)] = ring[slot(i + n)];
                for (int i = size - n; i < size; i++) ring[slot(i)] = null;
            }
            size -= n;
            modCount++;
        }

        @Override public void clear() {
            if (nodes != null) nodes = new ArrayList<>();
            Arrays.fill(ring, null);
            head = 0;
            size = 0;
            modCount++;
        }

        private void grow() {
            byte[][] bigger = new byte[ring.length * 2][];
            for (int i = 0; i < size; i++) bigger[i] = ring[slot(i)];
            ring = bigger;
            head = 0;
        }

        private static void checkIndex(int index, int bound) {
            if (index < 0 || index >= bound) throw new IndexOutOfBoundsException("index " + index + ", size " + bound);
        }
    }
}
