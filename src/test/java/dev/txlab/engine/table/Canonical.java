package dev.txlab.engine.table;

import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * COMMAND replies with a container's subcommands sorted by name: Redis lists them in the order
 * of a hash table seeded at start, so two runs of the same server differ there.
 */
final class Canonical {
    private Canonical() {}

    /** A COMMAND INFO reply (an array of entries), or one entry, or anything else unchanged. */
    static Reply info(Reply reply) {
        if (!(reply instanceof Reply.Array a)) return reply;
        if (isEntry(a) && !(a.elements().get(9) instanceof Reply.Array)) return reply; // RESP3: no subcommands is a set
        if (isEntry(a)) {
            List<Reply> fields = new ArrayList<>(a.elements());
            List<Reply> subs = new ArrayList<>();
            for (Reply sub : ((Reply.Array) fields.get(9)).elements()) subs.add(info(sub));
            subs.sort(Comparator.comparing(ReplyFormatter::format));
            fields.set(9, Reply.array(subs));
            return Reply.array(fields);
        }
        List<Reply> out = new ArrayList<>();
        for (Reply e : a.elements()) out.add(info(e));
        return Reply.array(out);
    }

    private static boolean isEntry(Reply.Array a) {
        return a.elements().size() == 10 && a.elements().get(0) instanceof Reply.Bulk && a.elements().get(1) instanceof Reply.Int;
    }

    /** A COMMAND DOCS reply in RESP3: a map of names to docs, each a map. */
    static Reply docs3(Reply reply) {
        if (!(reply instanceof Reply.Map m)) return reply;
        List<Reply> out = new ArrayList<>();
        for (int i = 0; i < m.flat().size(); i += 2) {
            Reply name = m.flat().get(i);
            Reply docs = m.flat().get(i + 1);
            if (name.equals(Reply.bulk("subcommands"))) {
                List<List<Reply>> pairs = new ArrayList<>();
                Reply.Map subs = (Reply.Map) docs;
                for (int j = 0; j < subs.flat().size(); j += 2) pairs.add(List.of(subs.flat().get(j), docs3(subs.flat().get(j + 1))));
                pairs.sort(Comparator.comparing(p -> ReplyFormatter.format(p.get(0))));
                List<Reply> sorted = new ArrayList<>();
                for (List<Reply> p : pairs) sorted.addAll(p);
                docs = Reply.map(sorted);
            } else {
                docs = docs3(docs);
            }
            out.add(name);
            out.add(docs);
        }
        return Reply.map(out);
    }

    /** A COMMAND DOCS reply: a flat map of names to docs. */
    static Reply docs(Reply reply) {
        if (!(reply instanceof Reply.Array a)) return reply;
        List<Reply> out = new ArrayList<>();
        for (int i = 0; i < a.elements().size(); i += 2) {
            out.add(a.elements().get(i));
            out.add(docsOfOne(a.elements().get(i + 1)));
        }
        return Reply.array(out);
    }

    /** One command's docs (a flat map), its "subcommands" map sorted by name. */
    static Reply docsOfOne(Reply reply) {
        List<Reply> fields = new ArrayList<>(((Reply.Array) reply).elements());
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equals(Reply.bulk("subcommands"))) {
                List<Reply> flat = ((Reply.Array) fields.get(i + 1)).elements();
                List<List<Reply>> pairs = new ArrayList<>();
                for (int j = 0; j < flat.size(); j += 2) pairs.add(List.of(flat.get(j), docsOfOne(flat.get(j + 1))));
                pairs.sort(Comparator.comparing(p -> ReplyFormatter.format(p.get(0))));
                List<Reply> sorted = new ArrayList<>();
                for (List<Reply> p : pairs) sorted.addAll(p);
                fields.set(i + 1, Reply.array(sorted));
            }
        }
        return Reply.array(fields);
    }
}
