package dev.txlab.engine.keyspace;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A list. Redis 7.0 keeps every list as a quicklist (of listpacks), whatever its size:
 * list-max-listpack-size and list-compress-depth shape the nodes, which no command can see. Here
 * the elements live in a circular array, so pushes and pops at either end cost O(1) and index
 * access (LINDEX, LRANGE, LSET) stays O(1); inserting or removing in the middle shifts elements.
 */
public final class ListValue implements RedisValue {
    private final Elements elements = new Elements();

    /** The elements, head first; commands edit the list through this view. */
    public List<byte[]> elements() { return elements; }

    /** A copy (COPY's quicklist duplicate); the element arrays are never mutated, so they are shared. */
    public ListValue copy() {
        ListValue c = new ListValue();
        c.elements.addAll(elements);
        return c;
    }

    @Override public String typeName() { return "list"; }
    /** Redis 7.0 keeps every list as a quicklist (of listpacks). */
    @Override public String encoding() { return "quicklist"; }
    @Override public long size() { return elements.size(); }

    /** A growable ring buffer: O(1) at both ends and by index. */
    private static final class Elements extends AbstractList<byte[]> implements RandomAccess {
        private byte[][] ring = new byte[8][];
        private int head;
        private int size;

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
            ring[s] = element;
            return old;
        }

        @Override public void add(int index, byte[] element) {
            checkIndex(index, size + 1);
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
