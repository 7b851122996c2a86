package dev.txlab.engine.acl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;

/**
 * Redis's ACL log: the latest refusals first; a refusal like one of the last ten (same reason,
 * context, object and user, within a minute) bumps that entry's count instead of adding one.
 */
final class AclLog {
    private static final long GROUPING_MILLIS = 60_000;

    static final class Entry {
        long count = 1;
        final AccessControl.Reason reason;
        final AccessControl.Context context;
        final byte[] object;
        final byte[] username;
        long createdAt;
        String clientInfo;

        Entry(AccessControl.Reason reason, AccessControl.Context context, byte[] object, byte[] username, long createdAt,
              String clientInfo) {
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
            this.createdAt = createdAt;
            this.clientInfo = clientInfo;
        }

        boolean similar(Entry o) {
            return reason == o.reason && context == o.context && Math.abs(createdAt - o.createdAt) <= GROUPING_MILLIS
                    && Arrays.equals(object, o.object) && Arrays.equals(username, o.username);
        }
    }

    private final LinkedList<Entry> entries = new LinkedList<>();
    void add(long maxLength, long now, AccessControl.Reason reason, AccessControl.Context context, byte[] object, byte[] username,
             String clientInfo) {
        Entry entry = new Entry(reason, context, object.clone(), username.clone(), now, clientInfo);
        int toScan = 10;
        for (Iterator<Entry> it = entries.iterator(); toScan-- > 0 && it.hasNext(); ) {
            Entry current = it.next();
            if (current.similar(entry)) {
                it.remove();
                entries.addFirst(current);
                current.clientInfo = entry.clientInfo;
                current.createdAt = entry.createdAt;
                current.count++;
                return;
            }
        }
        entries.addFirst(entry);
        while (entries.size() > maxLength) entries.removeLast();
    }

    List<Entry> latest(long count) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (out.size() >= count) break;
            out.add(e);
        }
        return out;
    }

    void reset() { entries.clear(); }
}
