package dev.txlab.engine.command;

import dev.txlab.engine.keyspace.StreamValue;
import java.util.ArrayList;
import java.util.List;

/**
 * How many nodes Redis's radix tree (rax.c) has for a stream's node keys, which XINFO STREAM
 * reports as radix-tree-nodes. Keys are the 16-byte big-endian master IDs, none a prefix of
 * another: the tree has a node where keys branch, one compressed node per shared run, and an
 * empty node where each key ends; an empty tree is its head node alone.
 */
final class RaxShape {
    private RaxShape() {}

    static long nodeCount(StreamValue s) {
        List<byte[]> keys = new ArrayList<>();
        for (StreamValue.Id id : s.nodeKeys()) keys.add(encode(id));
        if (keys.isEmpty()) return 1;
        return count(keys, 0, keys.size(), 0);
    }

    private static byte[] encode(StreamValue.Id id) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (id.ms() >>> (56 - 8 * i));
            b[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
        }
        return b;
    }

    /** Nodes for the sorted keys [from, to) below depth: one node here plus its subtrees. */
    private static long count(List<byte[]> keys, int from, int to, int depth) {
        if (depth == 16) return 1; // where a key ends
        if (to - from == 1) return 2; // the rest of one key: a compressed node, then its end
        int common = depth;
        while (common < 16 && sameByteAt(keys, from, to, common)) common++;
        if (common > depth) return 1 + count(keys, from, to, common);
        long total = 1; // a branching node
        int start = from;
        while (start < to) {
            int end = start + 1;
            while (end < to && keys.get(end)[depth] == keys.get(start)[depth]) end++;
            total += count(keys, start, end, depth + 1);
            start = end;
        }
        return total;
    }

    private static boolean sameByteAt(List<byte[]> keys, int from, int to, int at) {
        byte b = keys.get(from)[at];
        for (int i = from + 1; i < to; i++) if (keys.get(i)[at] != b) return false;
        return true;
    }
}
