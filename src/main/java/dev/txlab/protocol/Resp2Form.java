package dev.txlab.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What a RESP2 client receives for a typed reply, derived as Redis's addReply* functions derive
 * it when {@code c->resp == 2}: maps, sets and pushes as arrays, pairs flattened, doubles as bulk
 * strings, booleans as 1 or 0, big numbers and verbatim strings as bulk strings, attributes
 * dropped. Iterative: script replies can nest thousands deep.
 */
final class Resp2Form {
    private Resp2Form() {}

    static Reply of(Reply reply) {
        if (isResp2(reply) && !hasAggregate(reply)) return reply;
        // Post-order rebuild: a frame per aggregate, its converted children collected as we go.
        Deque<Frame> stack = new ArrayDeque<>();
        Reply result = null;
        Reply next = reply;
        while (true) {
            if (next != null) {
                // A RESP2 client gets the reply an attribute precedes, without the attribute.
                while (next instanceof Reply.Attribute a) next = a.value();
                List<Reply> children = childrenOf(next);
                if (children == null) {
                    result = scalar(next);
                } else {
                    stack.push(new Frame(next, children));
                    result = null;
                }
                next = null;
            }
            if (result != null) {
                if (stack.isEmpty()) return result;
                stack.peek().converted.add(result);
                result = null;
            }
            Frame top = stack.peek();
            if (top.index < top.children.size()) {
                next = top.children.get(top.index++);
                continue;
            }
            stack.pop();
            result = top.original instanceof Reply.Multi ? new Reply.Multi(top.converted)
                    : top.changed() ? Reply.array(top.converted) : top.original;
        }
    }

    /** One aggregate being converted: its children and what they became. */
    private static final class Frame {
        final Reply original;
        final List<Reply> children;
        final List<Reply> converted;
        int index;

        Frame(Reply original, List<Reply> children) {
            this.original = original;
            this.children = children;
            this.converted = new ArrayList<>(children.size());
        }

        /** Whether the RESP2 form differs from the original: not an array, or a child changed. */
        boolean changed() {
            if (!(original instanceof Reply.Array)) return true;
            for (int i = 0; i < children.size(); i++) if (children.get(i) != converted.get(i)) return true;
            return false;
        }
    }

    /** The elements in RESP2 order, or null for a scalar. */
    private static List<Reply> childrenOf(Reply reply) {
        if (reply instanceof Reply.Array a) return a.elements();
        if (reply instanceof Reply.Map m) return m.flat();
        if (reply instanceof Reply.Set s) return s.elements();
        if (reply instanceof Reply.Pairs p) return p.flat();
        if (reply instanceof Reply.Push p) return p.elements();
        if (reply instanceof Reply.Multi m) return m.replies();
        return null;
    }

    private static Reply scalar(Reply reply) {
        if (reply instanceof Reply.Double d) return Reply.bulk(d.text().getBytes(StandardCharsets.US_ASCII));
        if (reply instanceof Reply.Bool b) return b.value() ? Reply.ONE : Reply.ZERO;
        if (reply instanceof Reply.BigNumber n) return Reply.bulk(n.digits().getBytes(StandardCharsets.ISO_8859_1));
        if (reply instanceof Reply.Verbatim v) return Reply.bulk(v.text());
        return reply;
    }

    private static boolean isResp2(Reply reply) {
        return reply instanceof Reply.Simple || reply instanceof Reply.Error || reply instanceof Reply.Int
                || reply instanceof Reply.Bulk || reply instanceof Reply.NullBulk || reply instanceof Reply.NullArray
                || reply instanceof Reply.Array;
    }

    private static boolean hasAggregate(Reply reply) {
        return reply instanceof Reply.Array a && !a.elements().isEmpty();
    }
}
