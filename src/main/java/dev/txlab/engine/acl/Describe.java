package dev.txlab.engine.acl;

import dev.txlab.engine.table.CommandSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Users and selectors written back as rules (ACL LIST, ACL GETUSER), as Redis's
 * ACLDescribeUser and ACLDescribeSelectorCommandRules write them: the command rules start from
 * +@all or -@all, then the categories that fit best, then single commands.
 */
final class Describe {
    private Describe() {}

    /** The user as ACL LIST shows it after "user NAME ". */
    static String user(CommandIndex index, User u) {
        StringBuilder out = new StringBuilder();
        for (int j = 0; j < User.FLAG_NAMES.length; j++) {
            if ((u.flags & (1 << j)) != 0) out.append(User.FLAG_NAMES[j]).append(' ');
        }
        for (String p : u.passwords) out.append('#').append(p).append(' ');
        for (Selector s : u.selectors) {
            String d = selector(index, s);
            if (s.root) out.append(d);
            else out.append(" (").append(d).append(')');
        }
        return out.toString();
    }

    static String selector(CommandIndex index, Selector s) {
        StringBuilder out = new StringBuilder();
        if (s.allKeys) {
            out.append("~* ");
        } else {
            for (Selector.KeyPattern k : s.keys) out.append(k.describe()).append(' ');
        }
        if (s.allChannels) {
            out.append("&* ");
        } else {
            out.append("resetchannels ");
            for (byte[] c : s.channels) out.append('&').append(latin1(c)).append(' ');
        }
        out.append(commandRules(index, s));
        return out.toString();
    }

    static String keys(Selector s) {
        if (s.allKeys) return "~*";
        StringBuilder out = new StringBuilder();
        for (Selector.KeyPattern k : s.keys) {
            if (out.length() > 0) out.append(' ');
            out.append(k.describe());
        }
        return out.toString();
    }

    static String channels(Selector s) {
        if (s.allChannels) return "&*";
        StringBuilder out = new StringBuilder();
        for (byte[] c : s.channels) {
            if (out.length() > 0) out.append(' ');
            out.append('&').append(latin1(c));
        }
        return out.toString();
    }

    /**
     * Redis's ACLDescribeSelectorCommandRules. Categories are tried in Redis's order and the best
     * fit is applied each round; single commands come in table order (Redis walks a hash table
     * there, so its order of single commands varies between servers).
     */
    static String commandRules(CommandIndex index, Selector s) {
        StringBuilder rules = new StringBuilder();
        boolean additive = !s.future;
        Selector fake = new Selector(false, false);
        fake.allCommands(index, !additive);
        rules.append(additive ? "-@all " : "+@all ");
        Selector temp = new Selector(false, false);
        temp.allowed = (java.util.BitSet) s.allowed.clone();
        boolean[] applied = new boolean[CommandIndex.CATEGORIES.size()];
        while (true) {
            int best = -1;
            long minDiff = Integer.MAX_VALUE;
            long maxSame = 0;
            for (int j = 0; j < applied.length; j++) {
                if (applied[j]) continue;
                long on = 0;
                long off = 0;
                for (CommandSpec spec : index.inCategory(j)) {
                    if (temp.bit(index.id(spec))) on++;
                    else off++;
                }
                long diff = additive ? off : on;
                long same = additive ? on : off;
                if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame))) {
                    best = j;
                    minDiff = diff;
                    maxSame = same;
                }
            }
            if (best == -1) break;
            fake.category(index, best, additive);
            temp.category(index, best, !additive);
            rules.append(additive ? "+@" : "-@").append(CommandIndex.CATEGORIES.get(best)).append(' ');
            applied[best] = true;
        }
        singleCommands(index, s, fake, rules, index.topLevel());
        rules.setLength(rules.length() - 1);
        return rules.toString();
    }

    private static void singleCommands(CommandIndex index, Selector s, Selector fake, StringBuilder rules,
                                       Iterable<CommandSpec> commands) {
        for (CommandSpec spec : commands) {
            int id = index.id(spec);
            boolean userBit = s.bit(id);
            if (userBit != fake.bit(id)) {
                rules.append(userBit ? '+' : '-').append(spec.name()).append(' ');
                fake.change(index, spec, userBit);
            }
            if (spec.isContainer()) singleCommands(index, s, fake, rules, spec.subcommands().values());
            List<String> firstArgs = s.firstArgs.get(id);
            if (!userBit && firstArgs != null) {
                for (String arg : firstArgs) rules.append('+').append(spec.name()).append('|').append(arg).append(' ');
            }
        }
    }

    static String latin1(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }
}
