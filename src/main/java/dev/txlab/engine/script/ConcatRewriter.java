package dev.txlab.engine.script;

import org.luaj.vm2.LocVars;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;

/**
 * Rewrites LuaJ's compiled code where Lua 5.1 behaves differently and LuaJ's interpreter offers
 * no hook: OP_NEWTABLE makes a {@link Lua51Table} (Lua 5.1's table layout), and {@code ..} turns
 * numbers into text as Lua 5.1 does ({@code %.14g}: {@code 1/3} is
 * {@code 0.33333333333333}, {@code 2^53} is {@code 9.007199254741e+15}). LuaJ's interpreter
 * formats numbers its own way inside OP_CONCAT and offers no hook there, so each compiled
 * OP_CONCAT is replaced by a call to a library function that concatenates like luaV_concat
 * (OP_NEWTABLE likewise becomes a call, in a register the function never uses):
 *
 * <pre>
 *   CONCAT A B C          LOADK X K(concat)      X = C + 1, a free register
 *                  -->    MOVE  X+1 B ... MOVE X+n C
 *                         CALL  X n+1 2
 *                         MOVE  A X
 * </pre>
 *
 * Jumps, line numbers and local variable ranges are remapped to the longer code. The call finds
 * its operands' registers again from X and n, so error messages still name the variables
 * ({@code attempt to concatenate local 'x' (a nil value)}).
 */
final class ConcatRewriter {
    private ConcatRewriter() {}

    static void rewrite(Prototype p, LuaVm vm) {
        for (Prototype child : p.p) rewrite(child, vm);
        int spare = p.maxstacksize; // a register no code of this function uses
        boolean tables = spare + 1 <= Lua.MAXARG_A;
        // the rewritten code loads its helpers as constants: they must fit LOADK's Bx, and its
        // jumps must still reach; where they would not (a function of 262143 constants, or more
        // than 131071 instructions), LuaJ's own instructions stay, with LuaJ's table layout and
        // number format
        if (!fits(p, tables)) {
            if (!tables || !fits(p, false)) return;
            tables = false;
        }
        int[] code = p.code;
        boolean[] data = dataWords(code);
        int count = 0;
        for (int pc = 0; pc < code.length; pc++) if (!data[pc] && replaced(code, pc, tables)) count++;
        if (count == 0) return;

        int[] newPc = newPcs(code, data, tables);
        int size = newPc[code.length];

        java.util.List<LuaValue> k = new java.util.ArrayList<>(java.util.Arrays.asList(p.k));
        int concatK = k.size();
        k.add(vm.concat);
        java.util.Map<Integer, Integer> tableK = new java.util.HashMap<>();
        int[] out = new int[size];
        int[] lines = new int[size];
        int maxStack = p.maxstacksize;
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            int at = newPc[pc];
            int line = p.lineinfo != null && pc < p.lineinfo.length ? p.lineinfo[pc] : 0;
            int j = at;
            if (data[pc]) {
                // OP_SETLIST's batch number (C was 0): not an instruction, copied as it is, unless
                // the SETLIST before it was replaced by a call that took the number
                if (newPc[pc + 1] > at) out[j++] = i;
                for (int r = at; r < j; r++) lines[r] = line;
                continue;
            }
            int op = i & 0x3f;
            int a = Lua.GETARG_A(i);
            if (op == Lua.OP_CONCAT && fits(i)) {
                int b = Lua.GETARG_B(i);
                int c = Lua.GETARG_C(i);
                int n = c - b + 1;
                int x = c + 1;
                out[j++] = abx(Lua.OP_LOADK, x, concatK);
                for (int r = 0; r < n; r++) out[j++] = abc(Lua.OP_MOVE, x + 1 + r, b + r, 0);
                out[j++] = abc(Lua.OP_CALL, x, n + 1, 2);
                out[j++] = abc(Lua.OP_MOVE, a, x, 0);
                maxStack = Math.max(maxStack, x + n + 1);
            } else if (variableSetList(code, pc, tables)) {
                // a constructor ending in a call or '...': 5.1 sizes the array part to fit, LuaJ does not
                int batch = Lua.GETARG_C(i) != 0 ? Lua.GETARG_C(i) : code[pc + 1];
                out[j++] = abc(Lua.OP_MOVE, spare, a, 0);
                out[j++] = abx(Lua.OP_LOADK, a, k.size());
                k.add(vm.setListFunction(batch, spare));
                out[j++] = abc(Lua.OP_CALL, a, 0, 1);
                out[j++] = abc(Lua.OP_MOVE, a, spare, 0);
                maxStack = Math.max(maxStack, spare + 1);
            } else if (op == Lua.OP_NEWTABLE && tables) {
                // Lua 5.1 tables, created with the sizes the constructor asked for
                int narray = TableStore.fb2int(Lua.GETARG_B(i));
                int nhash = TableStore.fb2int(Lua.GETARG_C(i));
                long sizes = ((long) Lua.GETARG_B(i) << 9) | Lua.GETARG_C(i);
                Integer kf = tableK.get((int) sizes);
                if (kf == null) {
                    kf = k.size();
                    k.add(vm.tableFactory(narray, nhash));
                    tableK.put((int) sizes, kf);
                }
                out[j++] = abx(Lua.OP_LOADK, spare, kf);
                out[j++] = abc(Lua.OP_CALL, spare, 1, 2);
                out[j++] = abc(Lua.OP_MOVE, a, spare, 0);
                maxStack = Math.max(maxStack, spare + 1);
            } else {
                if (isJump(op)) {
                    int target = pc + 1 + Lua.GETARG_sBx(i);
                    int sbx = newPc[target] - (at + 1);
                    i = (i & ~Lua.MASK_Bx) | ((sbx + Lua.MAXARG_sBx) << Lua.POS_Bx);
                }
                out[j++] = i;
            }
            for (int r = at; r < j; r++) lines[r] = line;
        }
        if (p.locvars != null) {
            for (LocVars v : p.locvars) {
                v.startpc = newPc[Math.min(v.startpc, code.length)];
                v.endpc = newPc[Math.min(v.endpc, code.length)];
            }
        }
        p.k = k.toArray(new LuaValue[0]);
        p.code = out;
        p.lineinfo = lines;
        p.maxstacksize = maxStack;
    }

    private static boolean isJump(int op) {
        return op == Lua.OP_JMP || op == Lua.OP_FORLOOP || op == Lua.OP_FORPREP || op == Lua.OP_TFORLOOP;
    }

    /**
     * Which words of the code are not instructions: LuaJ, like Lua 5.1, stores the batch number of
     * an OP_SETLIST whose C is 0 (more than 511 batches of 50 items) in the next word as a bare
     * integer, which may look like any instruction. Only a scan from the start can tell.
     */
    static boolean[] dataWords(int[] code) {
        boolean[] data = new boolean[code.length];
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            if ((i & 0x3f) == Lua.OP_SETLIST && Lua.GETARG_C(i) == 0 && pc + 1 < code.length) data[++pc] = true;
        }
        return data;
    }

    /** Where each old word starts in the new code (one more entry: the end). */
    private static int[] newPcs(int[] code, boolean[] data, boolean tables) {
        int[] newPc = new int[code.length + 1];
        int size = 0;
        for (int pc = 0; pc < code.length; pc++) {
            newPc[pc] = size;
            if (!data[pc]) size += length(code, pc, tables);
            else if (!variableSetList(code, pc - 1, tables)) size += 1;
        }
        newPc[code.length] = size;
        return newPc;
    }

    /** Whether the rewritten code keeps its helpers' constants and its jumps within range. */
    private static boolean fits(Prototype p, boolean tables) {
        int[] code = p.code;
        boolean[] data = dataWords(code);
        int extraK = 1; // the concat function
        java.util.Set<Integer> sizes = new java.util.HashSet<>();
        for (int pc = 0; pc < code.length; pc++) {
            if (data[pc]) continue;
            int i = code[pc];
            if (variableSetList(code, pc, tables)) extraK++;
            else if ((i & 0x3f) == Lua.OP_NEWTABLE && tables && sizes.add((Lua.GETARG_B(i) << 9) | Lua.GETARG_C(i))) extraK++;
        }
        if (p.k.length + extraK - 1 > Lua.MAXARG_Bx) return false;
        int[] newPc = newPcs(code, data, tables);
        for (int pc = 0; pc < code.length; pc++) {
            if (data[pc] || !isJump(code[pc] & 0x3f)) continue;
            int target = pc + 1 + Lua.GETARG_sBx(code[pc]);
            if (target < 0 || target > code.length) return false;
            if (Math.abs(newPc[target] - (newPc[pc] + 1)) > Lua.MAXARG_sBx) return false;
        }
        return true;
    }

    /** An OP_SETLIST with a variable count (B is 0), replaced when tables are rewritten. */
    private static boolean variableSetList(int[] code, int pc, boolean tables) {
        int i = code[pc];
        return tables && (i & 0x3f) == Lua.OP_SETLIST && Lua.GETARG_B(i) == 0;
    }

    private static boolean replaced(int[] code, int pc, boolean tables) { return length(code, pc, tables) != 1; }

    private static int length(int[] code, int pc, boolean tables) {
        int i = code[pc];
        int op = i & 0x3f;
        if (op == Lua.OP_CONCAT && fits(i)) return operands(i) + 3;
        if (op == Lua.OP_NEWTABLE && tables) return 3;
        if (variableSetList(code, pc, tables)) return 4;
        return 1;
    }

    private static int operands(int i) { return Lua.GETARG_C(i) - Lua.GETARG_B(i) + 1; }

    /** The new registers must fit the instruction format (A is 8 bits). */
    private static boolean fits(int i) {
        return Lua.GETARG_C(i) + 1 + operands(i) <= Lua.MAXARG_A;
    }

    private static int abc(int op, int a, int b, int c) {
        return (op << Lua.POS_OP) | (a << Lua.POS_A) | (b << Lua.POS_B) | (c << Lua.POS_C);
    }

    private static int abx(int op, int a, int bx) {
        return (op << Lua.POS_OP) | (a << Lua.POS_A) | (bx << Lua.POS_Bx);
    }

    /** The function the rewritten code calls: luaV_concat, with Lua 5.1's number format. */
    static LuaFn function(LuaVm vm) {
        return new LuaFn(vm, "concat") {
            @Override Varargs call(Varargs args) {
                int total = args.narg();
                LuaValue[] v = new LuaValue[total];
                for (int i = 0; i < total; i++) v[i] = args.arg(i + 1);
                while (total > 1) {
                    LuaValue left = v[total - 2];
                    LuaValue right = v[total - 1];
                    int n = 2;
                    if (!RuntimeMessages.isStringOrNumber(left) || !RuntimeMessages.isStringOrNumber(right)) {
                        LuaValue tm = left.metatag(LuaValue.CONCAT);
                        if (tm.isnil()) tm = right.metatag(LuaValue.CONCAT);
                        if (tm.isnil()) throw concatError(this);
                        v[total - 2] = tm.call(left, right);
                    } else {
                        while (n < total && RuntimeMessages.isStringOrNumber(v[total - n - 1])) n++;
                        LuaString[] parts = new LuaString[n];
                        long length = 0;
                        for (int i = 0; i < n; i++) {
                            parts[i] = Lua51.toLuaString(v[total - n + i]);
                            length += parts[i].m_length;
                        }
                        if (length > 4096) vm.memory.reserve(length, "a string");
                        byte[] out = new byte[(int) length];
                        int at = 0;
                        for (LuaString s : parts) {
                            s.copyInto(0, out, at, s.m_length);
                            at += s.m_length;
                        }
                        v[total - n] = LuaString.valueUsing(out);
                    }
                    total -= n - 1;
                }
                return v[0];
            }
        };
    }

    /** luaG_concaterror at the calling instruction: the operands were registers X-n .. X-1. */
    private static ScriptError concatError(LuaFn fn) {
        CallTracker.Frame f = fn.vm.tracker.top();
        String message = "attempt to concatenate a nil value";
        if (f != null && f.isCalling(fn)) {
            int i = f.instruction();
            int x = Lua.GETARG_A(i);
            int n = Lua.GETARG_B(i) - 1;
            message = RuntimeMessages.concatError(f, x - n, x - 1);
        }
        return Raise.positioned(fn.vm.tracker, f, message);
    }
}
