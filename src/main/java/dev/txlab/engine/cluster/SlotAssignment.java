package dev.txlab.engine.cluster;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Numbers;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Reply;
import java.util.Locale;

/** CLUSTER SETSLOT, ADDSLOTS, DELSLOTS, their RANGE forms and FLUSHSLOTS, as cluster.c checks them. */
final class SlotAssignment {
    private SlotAssignment() {}

    /** Redis's getSlotOrReply: -1 when the argument is no slot number. */
    static int slotOrMinusOne(byte[] arg) {
        Long slot = Numbers.parseLong(arg);
        return slot == null || slot < 0 || slot >= HashSlots.SLOTS ? -1 : slot.intValue();
    }

    private static final Reply.Error INVALID_SLOT = Reply.error("ERR Invalid or out of range slot");

    static Reply addOrDelete(CommandContext ctx, ClusterNode self, boolean delete, boolean ranges) {
        byte[] seen = new byte[HashSlots.SLOTS];
        if (!ranges) {
            for (int j = 2; j < ctx.argc(); j++) if (slotOrMinusOne(ctx.arg(j)) < 0) return INVALID_SLOT;
            for (int j = 2; j < ctx.argc(); j++) {
                int slot = slotOrMinusOne(ctx.arg(j));
                Reply.Error e = check(self, seen, delete, slot, slot);
                if (e != null) return e;
            }
        } else {
            if (ctx.argc() % 2 == 1) return Errors.wrongArity(ctx.spec().name());
            for (int j = 2; j < ctx.argc(); j += 2) {
                int start = slotOrMinusOne(ctx.arg(j));
                if (start < 0) return INVALID_SLOT;
                int end = slotOrMinusOne(ctx.arg(j + 1));
                if (end < 0) return INVALID_SLOT;
                if (start > end) {
                    return Reply.error("ERR start slot number " + start + " is greater than end slot number " + end);
                }
                Reply.Error e = check(self, seen, delete, start, end);
                if (e != null) return e;
            }
        }
        for (int s = 0; s < HashSlots.SLOTS; s++) {
            if (seen[s] == 0) continue;
            if (delete) {
                self.assign(s, null);
            } else {
                self.importingFrom[s] = null;
                self.slots[s] = self;
                // the other nodes learn the claim from this node's next ping, where they see no owner
                for (ClusterNode other : self.cluster().nodes()) if (other.slots[s] == null) other.slots[s] = self;
            }
        }
        return Reply.OK;
    }

    /** Redis's checkSlotAssignmentsOrReply. */
    private static Reply.Error check(ClusterNode self, byte[] seen, boolean delete, int start, int end) {
        for (int s = start; s <= end; s++) {
            if (delete && self.slots[s] == null) return Reply.error("ERR Slot " + s + " is already unassigned");
            if (!delete && self.slots[s] != null) return Reply.error("ERR Slot " + s + " is already busy");
            if (seen[s]++ == 1) return Reply.error("ERR Slot " + s + " specified multiple times");
        }
        return null;
    }

    static Reply flushSlots(CommandContext ctx, ClusterNode self) {
        if (self.engine().database(0).size() != 0) return Reply.error("ERR DB must be empty to perform CLUSTER FLUSHSLOTS.");
        for (int s = 0; s < HashSlots.SLOTS; s++) if (self.slots[s] == self) self.assign(s, null);
        return Reply.OK;
    }

    /** CLUSTER SETSLOT slot IMPORTING node | MIGRATING node | STABLE | NODE node. */
    static Reply setSlot(CommandContext ctx, ClusterNode self) {
        int slot = slotOrMinusOne(ctx.arg(2));
        if (slot < 0) return INVALID_SLOT;
        String action = ctx.text(3).toLowerCase(Locale.ROOT);
        int argc = ctx.argc();
        if (action.equals("migrating") && argc == 5) {
            if (self.slots[slot] != self) return Reply.error("ERR I'm not the owner of hash slot " + slot);
            ClusterNode n = self.cluster().nodeById(ctx.text(4));
            if (n == null) return Reply.error("ERR I don't know about node " + ctx.text(4));
            self.migratingTo[slot] = n;
        } else if (action.equals("importing") && argc == 5) {
            if (self.slots[slot] == self) return Reply.error("ERR I'm already the owner of hash slot " + slot);
            ClusterNode n = self.cluster().nodeById(ctx.text(4));
            if (n == null) return Reply.error("ERR I don't know about node " + ctx.text(4));
            self.importingFrom[slot] = n;
        } else if (action.equals("stable") && argc == 4) {
            self.importingFrom[slot] = null;
            self.migratingTo[slot] = null;
        } else if (action.equals("node") && argc == 5) {
            ClusterNode n = self.cluster().nodeById(ctx.text(4));
            if (n == null) return Reply.error("ERR Unknown node " + ctx.text(4));
            int keys = ClusterCommands.keysInSlot(self, slot).size();
            if (self.slots[slot] == self && n != self && keys != 0) {
                return Reply.error("ERR Can't assign hashslot " + slot
                        + " to a different node while I still hold keys for this hash slot.");
            }
            if (keys == 0 && self.migratingTo[slot] != null) self.migratingTo[slot] = null;
            self.assign(slot, n);
            if (n == self && self.importingFrom[slot] != null) {
                // a manually migrated slot: a new config epoch, and every node hears of it at once
                self.cluster().bumpEpoch(self);
                self.importingFrom[slot] = null;
                self.cluster().announce(self, slot);
            }
        } else {
            return Reply.error("ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP");
        }
        return Reply.OK;
    }
}
