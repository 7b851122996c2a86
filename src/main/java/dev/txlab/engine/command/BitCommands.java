package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Notifications;
import dev.txlab.engine.CommandFailed;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.keyspace.StringValue;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bitmap commands on strings, as in Redis's bitops.c. Bit 0 is the most significant bit of the
 * first byte; a string reads as if followed by endless zero bits.
 *
 * <p>The commands that write bits (SETBIT, and BITFIELD with SET or INCRBY) first make the string
 * long enough, as a raw copy (lookupStringForBitCommand: this happens, silently, even when
 * nothing then changes), and signal the key only when a bit or the length really changed: a
 * SETBIT that sets a bit to what it was leaves WATCH alone.
 */
public final class BitCommands {
    private BitCommands() {}

    private static final Reply.Error BIT_OFFSET = Reply.error("ERR bit offset is not an integer or out of range");
    private static final Reply.Error BIT_VALUE = Reply.error("ERR bit is not an integer or out of range");
    private static final Reply.Error BITFIELD_TYPE = Reply.error(
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");

    public static List<Binding> bindings() {
        return List.of(
                bind("setbit", BitCommands::setbit),
                bind("getbit", BitCommands::getbit),
                bind("bitcount", BitCommands::bitcount),
                bind("bitpos", BitCommands::bitpos),
                bind("bitop", BitCommands::bitop),
                bind("bitfield", ctx -> bitfield(ctx, false)),
                bind("bitfield_ro", ctx -> bitfield(ctx, true)));
    }

    /**
     * getBitOffsetFromArgument: a bit offset, with BITFIELD's "#N" form meaning N times the type's
     * width (multiplied as C does, wrapping on overflow). Negative offsets, and offsets whose byte
     * is at or past proto-max-bulk-len, are refused.
     */
    private static long bitOffset(CommandContext ctx, int index, int hashBits) {
        byte[] arg = ctx.arg(index);
        boolean useHash = hashBits > 0 && arg.length > 0 && arg[0] == '#';
        byte[] digits = useHash ? Arrays.copyOfRange(arg, 1, arg.length) : arg;
        Long parsed = Numbers.parseLong(digits);
        if (parsed == null) throw new CommandFailed(BIT_OFFSET);
        long offset = useHash ? parsed * hashBits : parsed;
        if (offset < 0 || (offset >> 3) >= StringCommands.maxBulkLen(ctx)) throw new CommandFailed(BIT_OFFSET);
        return offset;
    }

    /**
     * lookupStringForBitCommand: the string at key as a new raw array long enough to address
     * maxBit, created (and stored) if missing. Returns the array; {@code grown} tells whether the key
     * was created or lengthened, which counts as a change even if no bit then flips.
     */
    private record Writable(byte[] bytes, boolean grown) {}

    private static Writable writable(CommandContext ctx, Key key, long maxBit) {
        StringValue current = ctx.lookup(key, StringValue.class);
        long needed = (maxBit >> 3) + 1;
        if (current == null) return new Writable(StringCommands.allocate(needed), true);
        byte[] copy = StringCommands.grownCopy(current.bytes(), needed);
        return new Writable(copy, copy.length != current.length());
    }

    /** SETBIT key offset 0|1: answers the bit's old value. */
    private static Reply setbit(CommandContext ctx) {
        long offset = bitOffset(ctx, 2, 0);
        Long on = Numbers.parseLong(ctx.arg(3));
        if (on == null || (on & ~1L) != 0) return BIT_VALUE;
        Key key = ctx.key(1);
        Writable w = writable(ctx, key, offset);
        int index = (int) (offset >> 3);
        int mask = 1 << (7 - (int) (offset & 7));
        boolean old = (w.bytes()[index] & mask) != 0;
        boolean changed = w.grown() || old != (on == 1);
        if (on == 1) w.bytes()[index] |= (byte) mask;
        else w.bytes()[index] &= (byte) ~mask;
        ctx.db().put(key, StringValue.raw(w.bytes()), true); // unshared even when nothing changed
        if (changed) ctx.db().modified(key);
        if (changed) Notifications.event(ctx, Notifications.STRING, "setbit", key);
        return old ? Reply.ONE : Reply.ZERO;
    }

    /** GETBIT key offset: 0 past the end of the string or for a missing key. */
    private static Reply getbit(CommandContext ctx) {
        long offset = bitOffset(ctx, 2, 0);
        byte[] s = StringCommands.getString(ctx, ctx.key(1));
        return s != null && bit(s, offset) ? Reply.ONE : Reply.ZERO;
    }

    private static boolean bit(byte[] s, long offset) {
        long index = offset >> 3;
        return index < s.length && (s[(int) index] & (1 << (7 - (int) (offset & 7)))) != 0;
    }

    /**
     * A BITCOUNT/BITPOS range after Redis's conversion: negative indexes count from the end, both
     * are clamped into the string, and the result is in bits (from first to last, inclusive; empty
     * when first > last).
     */
    private record BitRange(long first, long last) {
        boolean empty() { return first > last; }
    }

    private static BitRange range(long start, long end, long length, boolean inBits) {
        long total = inBits ? length * 8 : length;
        if (start < 0) start = total + start;
        if (end < 0) end = total + end;
        if (start < 0) start = 0;
        if (end < 0) end = 0;
        if (end >= total) end = total - 1;
        if (inBits || start > end) return new BitRange(start, end);
        return new BitRange(start * 8, end * 8 + 7);
    }

    /** BIT or BYTE, the unit of a range; anything else is a syntax error. */
    private static boolean inBits(CommandContext ctx, int index) {
        if (ctx.isOption(index, "bit")) return true;
        if (ctx.isOption(index, "byte")) return false;
        throw new CommandFailed(Errors.SYNTAX);
    }

    /**
     * BITCOUNT key [start end [BYTE|BIT]]. As in Redis, the key is looked up before the arguments
     * are read: a missing key answers 0 whatever follows.
     */
    private static Reply bitcount(CommandContext ctx) {
        byte[] s = StringCommands.getString(ctx, ctx.key(1));
        if (s == null) return Reply.ZERO;
        BitRange r;
        if (ctx.argc() == 4 || ctx.argc() == 5) {
            long start = ctx.longArg(2);
            long end = ctx.longArg(3);
            if (start < 0 && end < 0 && start > end) return Reply.ZERO; // before BIT|BYTE is read
            boolean bits = ctx.argc() == 5 && inBits(ctx, 4);
            r = range(start, end, s.length, bits);
        } else if (ctx.argc() == 2) {
            r = new BitRange(0, (long) s.length * 8 - 1);
        } else {
            return Errors.SYNTAX;
        }
        if (r.empty()) return Reply.ZERO;
        return Reply.integer(countOnes(s, r.first(), r.last()));
    }

    private static long countOnes(byte[] s, long first, long last) {
        long count = 0;
        long bit = first;
        while (bit <= last && (bit & 7) != 0) count += bit(s, bit++) ? 1 : 0;
        long fullBytesEnd = (last + 1) >> 3; // bytes wholly inside the range end here
        int i = (int) (bit >> 3);
        for (; i + 8 <= fullBytesEnd; i += 8) count += Long.bitCount(word(s, i));
        for (; i < fullBytesEnd; i++) count += Integer.bitCount(s[i] & 0xff);
        for (bit = Math.max(bit, fullBytesEnd << 3); bit <= last; bit++) count += bit(s, bit) ? 1 : 0;
        return count;
    }

    private static long word(byte[] s, int i) {
        long w = 0;
        for (int k = 0; k < 8; k++) w = (w << 8) | (s[i + k] & 0xff);
        return w;
    }

    /**
     * BITPOS key 0|1 [start [end [BYTE|BIT]]]: the first bit with that value in the range. Past the
     * end of the string every bit is clear, so looking for 0 in an all-ones string answers the
     * first bit after it; but not when an end was given (then -1), and never for an empty range.
     */
    private static Reply bitpos(CommandContext ctx) {
        Long bit = Numbers.parseLong(ctx.arg(2));
        if (bit == null) return Errors.NOT_INTEGER;
        if (bit != 0 && bit != 1) return Reply.error("ERR The bit argument must be 1 or 0.");
        RedisValue v = ctx.db().lookup(ctx.key(1));
        if (v == null) return Reply.integer(bit == 1 ? -1 : 0);
        if (!(v instanceof StringValue sv)) return Errors.WRONGTYPE;
        byte[] s = sv.bytes();
        boolean endGiven = false;
        BitRange r;
        if (ctx.argc() >= 4 && ctx.argc() <= 6) {
            long start = ctx.longArg(3);
            boolean bits = ctx.argc() == 6 && inBits(ctx, 5); // read before end, as Redis does
            long end = s.length - 1L;
            if (ctx.argc() >= 5) {
                end = ctx.longArg(4);
                endGiven = true;
            }
            r = range(start, end, s.length, bits);
        } else if (ctx.argc() == 3) {
            r = new BitRange(0, (long) s.length * 8 - 1);
        } else {
            return Errors.SYNTAX;
        }
        if (r.empty()) return Reply.integer(-1);
        long found = firstBit(s, r.first(), r.last(), bit == 1);
        if (found >= 0) return Reply.integer(found);
        if (bit == 1 || endGiven) return Reply.integer(-1);
        return Reply.integer(r.last() + 1);
    }

    private static long firstBit(byte[] s, long first, long last, boolean one) {
        byte skip = one ? 0 : (byte) 0xff;
        long b = first;
        while (b <= last) {
            if ((b & 7) == 0 && b + 7 <= last && s[(int) (b >> 3)] == skip) {
                b += 8; // a whole byte without the bit we look for
                continue;
            }
            if (bit(s, b) == one) return b;
            b++;
        }
        return -1;
    }

    /**
     * BITOP AND|OR|XOR|NOT destkey key [key ...]: shorter and missing inputs count as zero bytes;
     * the result is as long as the longest input. An empty result deletes destkey.
     */
    private static Reply bitop(CommandContext ctx) {
        int op;
        if (ctx.isOption(1, "and")) op = 0;
        else if (ctx.isOption(1, "or")) op = 1;
        else if (ctx.isOption(1, "xor")) op = 2;
        else if (ctx.isOption(1, "not")) op = 3;
        else return Errors.SYNTAX;
        if (op == 3 && ctx.argc() != 4) return Reply.error("ERR BITOP NOT must be called with a single source key.");
        int n = ctx.argc() - 3;
        byte[][] inputs = new byte[n][];
        int maxLen = 0;
        for (int j = 0; j < n; j++) {
            inputs[j] = StringCommands.getString(ctx, ctx.key(j + 3));
            if (inputs[j] == null) inputs[j] = new byte[0];
            maxLen = Math.max(maxLen, inputs[j].length);
        }
        Key dest = ctx.key(2);
        Database db = ctx.db();
        if (maxLen == 0) {
            if (db.isStored(dest)) { // dbDelete, which deletes (and signals) even a key past its TTL
                db.remove(dest);
                db.modified(dest);
                Notifications.event(ctx, Notifications.GENERIC, "del", dest);
            }
            return Reply.ZERO;
        }
        byte[] out = StringCommands.allocate(maxLen);
        for (int i = 0; i < maxLen; i++) {
            int acc = i < inputs[0].length ? inputs[0][i] : 0;
            if (op == 3) acc = ~acc;
            for (int j = 1; j < n; j++) {
                int b = i < inputs[j].length ? inputs[j][i] : 0;
                acc = switch (op) {
                    case 0 -> acc & b;
                    case 1 -> acc | b;
                    default -> acc ^ b;
                };
            }
            out[i] = (byte) acc;
        }
        db.lookup(dest); // setKey's lookupKeyWrite: a destination past its TTL is deleted first
        db.put(dest, StringValue.raw(out), false);
        db.modified(dest);
        Notifications.event(ctx, Notifications.STRING, "set", dest);
        return Reply.integer(maxLen);
    }

    // ---- BITFIELD ------------------------------------------------------------------------------

    private enum Overflow { WRAP, SAT, FAIL }

    private enum OpCode { GET, SET, INCRBY }

    /** One parsed BITFIELD operation, with the OVERFLOW mode in force where it appeared. */
    private record FieldOp(OpCode code, boolean signed, int bits, long offset, long value, Overflow overflow) {}

    /**
     * BITFIELD key [GET type offset | SET type offset value | INCRBY type offset increment |
     * OVERFLOW WRAP|SAT|FAIL] ...: every operation is parsed (and any error answered) before the
     * key is touched; then they run in order, each seeing the previous ones' writes. BITFIELD_RO
     * takes only GET.
     */
    private static Reply bitfield(CommandContext ctx, boolean readOnlyCommand) {
        List<FieldOp> ops = new ArrayList<>();
        Overflow overflow = Overflow.WRAP;
        boolean readOnly = true;
        long highestWrite = 0;
        for (int j = 2; j < ctx.argc(); j++) {
            int remaining = ctx.argc() - j - 1;
            OpCode code;
            if (ctx.isOption(j, "get") && remaining >= 2) code = OpCode.GET;
            else if (ctx.isOption(j, "set") && remaining >= 3) code = OpCode.SET;
            else if (ctx.isOption(j, "incrby") && remaining >= 3) code = OpCode.INCRBY;
            else if (ctx.isOption(j, "overflow") && remaining >= 1) {
                j++;
                if (ctx.isOption(j, "wrap")) overflow = Overflow.WRAP;
                else if (ctx.isOption(j, "sat")) overflow = Overflow.SAT;
                else if (ctx.isOption(j, "fail")) overflow = Overflow.FAIL;
                else return Reply.error("ERR Invalid OVERFLOW type specified");
                continue;
            } else {
                return Errors.SYNTAX;
            }
            byte[] type = ctx.arg(j + 1);
            boolean signed = type.length > 0 && type[0] == 'i';
            if (type.length == 0 || (!signed && type[0] != 'u')) return BITFIELD_TYPE;
            int typeEnd = 1; // the width is read as a C string: it ends at a NUL byte
            while (typeEnd < type.length && type[typeEnd] != 0) typeEnd++;
            Long bits = Numbers.parseLong(Arrays.copyOfRange(type, 1, typeEnd));
            if (bits == null || bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) return BITFIELD_TYPE;
            long offset = bitOffset(ctx, j + 2, bits.intValue());
            long value = 0;
            if (code != OpCode.GET) {
                readOnly = false;
                long lastBit = offset + bits - 1;
                if (lastBit < 0) lastBit = Long.MAX_VALUE; // past 2^63 (proto-max-bulk-len raised that far): too long anyway
                highestWrite = Math.max(highestWrite, lastBit);
                value = ctx.longArg(j + 3);
            }
            ops.add(new FieldOp(code, signed, bits.intValue(), offset, value, overflow));
            j += code == OpCode.GET ? 2 : 3;
        }

        Key key = ctx.key(1);
        byte[] bytes;
        boolean grown = false;
        if (readOnly) {
            bytes = StringCommands.getString(ctx, key); // WRONGTYPE, or null: reads as zeros
        } else {
            if (readOnlyCommand) return Reply.error("ERR BITFIELD_RO only supports the GET subcommand");
            Writable w = writable(ctx, key, highestWrite);
            bytes = w.bytes();
            grown = w.grown();
        }

        List<Reply> out = new ArrayList<>(ops.size());
        int changes = 0;
        for (FieldOp op : ops) {
            if (op.code() == OpCode.GET) {
                long raw = bytes == null ? 0 : getBits(bytes, op.offset(), op.bits());
                out.add(Reply.integer(op.signed() ? signExtend(raw, op.bits()) : raw));
                continue;
            }
            long raw = getBits(bytes, op.offset(), op.bits());
            long old = op.signed() ? signExtend(raw, op.bits()) : raw;
            Fit fit = op.code() == OpCode.INCRBY
                    ? fit(op.signed(), old, op.value(), op.bits(), op.overflow())
                    : fit(op.signed(), op.value(), 0, op.bits(), op.overflow());
            if (fit.overflowed() && op.overflow() == Overflow.FAIL) {
                out.add(Reply.NIL);
                continue;
            }
            long stored = fit.value();
            out.add(Reply.integer(op.code() == OpCode.INCRBY ? stored : old));
            setBits(bytes, op.offset(), op.bits(), stored);
            if (grown || old != stored) changes++;
        }
        if (!readOnly) {
            ctx.db().put(key, StringValue.raw(bytes), true); // created or unshared even if nothing changed
            if (changes > 0) {
                ctx.db().modified(key);
                Notifications.event(ctx, Notifications.STRING, "setbit", key);
                ctx.engine().addDirty(changes - 1); // Redis counts each changed field, signals once
            }
        }
        return Reply.array(out);
    }

    /** The bits-wide unsigned integer at a bit offset; bits past the end read as 0. */
    private static long getBits(byte[] p, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++, offset++) value = (value << 1) | (bit(p, offset) ? 1 : 0);
        return value;
    }

    /** Writes the low bits of value at a bit offset (inside the array). */
    private static void setBits(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++, offset++) {
            boolean on = ((value >>> (bits - 1 - j)) & 1) != 0;
            int index = (int) (offset >> 3);
            int mask = 1 << (7 - (int) (offset & 7));
            if (on) p[index] |= (byte) mask;
            else p[index] &= (byte) ~mask;
        }
    }

    private static long signExtend(long raw, int bits) {
        return bits == 64 ? raw : (raw << (64 - bits)) >> (64 - bits);
    }

    /** The value to store after an overflow check, and whether it overflowed. */
    private record Fit(long value, boolean overflowed) {}

    /**
     * value + increment in a bits-wide field, as Redis's checkSignedBitfieldOverflow and
     * checkUnsignedBitfieldOverflow decide it: WRAP keeps the low bits (sign-extended for signed
     * fields), SAT clamps to the field's range, FAIL reports the overflow. For a SET the
     * "increment" is 0 and value is the argument, so a SET u8 of -1 overflows too (as unsigned it
     * is 2^64 - 1).
     */
    private static Fit fit(boolean signed, long value, long increment, int bits, Overflow mode) {
        int direction = signed ? signedOverflow(value, increment, bits) : unsignedOverflow(value, increment, bits);
        if (direction == 0) return new Fit(value + increment, false);
        if (mode == Overflow.SAT) {
            long limit;
            if (signed) {
                long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
                limit = direction > 0 ? max : -max - 1;
            } else {
                limit = direction > 0 ? (1L << bits) - 1 : 0; // bits <= 63
            }
            return new Fit(limit, true);
        }
        long sum = value + increment; // two's complement, as C's unsigned addition
        long wrapped = signed ? signExtend(bits == 64 ? sum : sum & ((1L << bits) - 1), bits) : sum & ((1L << bits) - 1);
        return new Fit(wrapped, true);
    }

    /** 1 for overflow, -1 for underflow, 0 when value + increment fits in an unsigned bits-wide field. */
    private static int unsignedOverflow(long value, long increment, int bits) {
        long max = (1L << bits) - 1; // bits <= 63: u64 is refused
        long maxIncrement = max - value;
        long minIncrement = -value;
        if (Long.compareUnsigned(value, max) > 0 || (increment > 0 && increment > maxIncrement)) return 1;
        if (increment < 0 && increment < minIncrement) return -1;
        return 0;
    }

    /** 1 for overflow, -1 for underflow, 0 when value + increment fits in a signed bits-wide field. */
    private static int signedOverflow(long value, long increment, int bits) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxIncrement = max - value; // may wrap, but is only used once value is known in range
        long minIncrement = min - value;
        if (value > max || (bits != 64 && increment > maxIncrement) || (value >= 0 && increment > 0 && increment > maxIncrement)) {
            return 1;
        }
        if (value < min || (bits != 64 && increment < minIncrement) || (value < 0 && increment < 0 && increment < minIncrement)) {
            return -1;
        }
        return 0;
    }
}
