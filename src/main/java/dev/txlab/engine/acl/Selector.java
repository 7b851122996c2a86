package dev.txlab.engine.acl;

import dev.txlab.engine.table.CommandSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ACL selector (Redis 7.0's aclSelector): which commands, keys and channels it allows. A user
 * has a root selector (the rules written outside parentheses) and any number of {@code (...)}
 * selectors; a command is allowed when one selector allows all of it.
 */
final class Selector {
    static final int READ = 1;
    static final int WRITE = 2;
    static final int ALL = READ | WRITE;

    /** A key pattern and whether it grants reading, writing or both (~, %R~, %W~, %RW~). */
    static final class KeyPattern {
        final byte[] pattern;
        int flags;

        KeyPattern(byte[] pattern, int flags) {
            this.pattern = pattern;
            this.flags = flags;
        }

        String describe() {
            String prefix = flags == ALL ? "~" : flags == READ ? "%R~" : "%W~";
            return prefix + new String(pattern, StandardCharsets.ISO_8859_1);
        }
    }

    final boolean root;
    boolean allKeys;
    boolean allChannels;
    boolean allCommands;
    /** One bit per command id (see CommandIndex). */
    BitSet allowed = new BitSet();
    /**
     * Redis's reserved last bit: set only by +@all (and allcommands), so the rules are described
     * from +@all (future commands allowed) rather than from -@all.
     */
    boolean future;
    /** Redis's allowed_firstargs: for a command id, the first arguments allowed although the command is not. */
    Map<Integer, List<String>> firstArgs = new LinkedHashMap<>();
    final List<KeyPattern> keys = new ArrayList<>();
    final List<byte[]> channels = new ArrayList<>();

    Selector(boolean root, boolean allChannelsByDefault) {
        this.root = root;
        this.allChannels = allChannelsByDefault;
    }

    Selector copy() {
        Selector c = new Selector(root, allChannels);
        c.allKeys = allKeys;
        c.allCommands = allCommands;
        c.allowed = (BitSet) allowed.clone();
        c.future = future;
        for (Map.Entry<Integer, List<String>> e : firstArgs.entrySet()) c.firstArgs.put(e.getKey(), new ArrayList<>(e.getValue()));
        for (KeyPattern k : keys) c.keys.add(new KeyPattern(k.pattern, k.flags));
        c.channels.addAll(channels);
        return c;
    }

    boolean bit(int id) { return allowed.get(id); }

    void setBit(int id, boolean value) {
        allowed.set(id, value);
        if (!value) allCommands = false;
    }

    /** Redis's ACLChangeSelectorPerm: a command, and all its subcommands with it. */
    void change(CommandIndex index, CommandSpec spec, boolean allow) {
        int id = index.id(spec);
        setBit(id, allow);
        firstArgs.remove(id);
        for (CommandSpec sub : spec.subcommands().values()) setBit(index.id(sub), allow);
    }

    void allCommands(CommandIndex index, boolean allow) {
        allowed = new BitSet();
        future = allow;
        allCommands = allow;
        firstArgs.clear();
        if (allow) allowed.set(0, index.size());
    }

    void category(CommandIndex index, int category, boolean allow) {
        for (CommandSpec spec : index.inCategory(category)) change(index, spec, allow);
    }

    void addFirstArg(int id, String arg) {
        List<String> args = firstArgs.computeIfAbsent(id, k -> new ArrayList<>());
        for (String a : args) if (a.equalsIgnoreCase(arg)) return;
        args.add(arg);
    }

    /**
     * Redis's ACLSetSelector: applies one rule. Returns null when done, else why not (an
     * {@link AclError}).
     */
    AclError apply(CommandIndex index, byte[] opBytes) {
        String op = new String(opBytes, StandardCharsets.ISO_8859_1);
        if (op.equalsIgnoreCase("allkeys") || op.equals("~*")) {
            allKeys = true;
            keys.clear();
        } else if (op.equalsIgnoreCase("resetkeys")) {
            allKeys = false;
            keys.clear();
        } else if (op.equalsIgnoreCase("allchannels") || op.equals("&*")) {
            allChannels = true;
            channels.clear();
        } else if (op.equalsIgnoreCase("resetchannels")) {
            allChannels = false;
            channels.clear();
        } else if (op.equalsIgnoreCase("allcommands") || op.equalsIgnoreCase("+@all")) {
            allCommands(index, true);
        } else if (op.equalsIgnoreCase("nocommands") || op.equalsIgnoreCase("-@all")) {
            allCommands(index, false);
        } else if (op.startsWith("~") || op.startsWith("%")) {
            if (allKeys) return AclError.PATTERN_AFTER_ALLKEYS;
            int flags = 0;
            int offset = 1;
            if (op.charAt(0) == '%') {
                for (; offset < op.length(); offset++) {
                    char c = Character.toUpperCase(op.charAt(offset));
                    if (c == 'R' && (flags & READ) == 0) {
                        flags |= READ;
                    } else if (c == 'W' && (flags & WRITE) == 0) {
                        flags |= WRITE;
                    } else if (op.charAt(offset) == '~') {
                        offset++;
                        break;
                    } else {
                        return AclError.SYNTAX;
                    }
                }
                // the installed 7.0.15 (Debian's, with its security fixes) refuses a pattern that grants nothing
                if (flags == 0) return AclError.SYNTAX;
            } else {
                flags = ALL;
            }
            byte[] pattern = Arrays.copyOfRange(opBytes, Math.min(offset, opBytes.length), opBytes.length);
            if (hasSpaces(pattern)) return AclError.SYNTAX;
            KeyPattern existing = null;
            for (KeyPattern k : keys) if (Arrays.equals(k.pattern, pattern)) existing = k;
            if (existing == null) keys.add(new KeyPattern(pattern, flags));
            else existing.flags |= flags;
            allKeys = false;
        } else if (op.startsWith("&")) {
            if (allChannels) return AclError.PATTERN_AFTER_ALLCHANNELS;
            byte[] pattern = Arrays.copyOfRange(opBytes, 1, opBytes.length);
            if (hasSpaces(pattern)) return AclError.SYNTAX;
            boolean known = false;
            for (byte[] c : channels) if (Arrays.equals(c, pattern)) known = true;
            if (!known) channels.add(pattern);
            allChannels = false;
        } else if (op.startsWith("+") && !op.startsWith("+@")) {
            String name = cString(op.substring(1));
            int bar = name.lastIndexOf('|');
            if (bar < 0) {
                CommandSpec spec = index.lookup(name);
                if (spec == null) return AclError.UNKNOWN_COMMAND;
                change(index, spec, true);
            } else {
                String sub = name.substring(bar + 1);
                CommandSpec spec = index.lookup(name.substring(0, bar));
                if (spec == null) return AclError.UNKNOWN_COMMAND;
                if (index.parent(spec) != null) return AclError.FIRST_ARG_OF_SUBCOMMAND;
                if (sub.isEmpty()) return AclError.SYNTAX;
                if (spec.isContainer()) {
                    CommandSpec subSpec = index.lookup(name);
                    if (subSpec == null) return AclError.UNKNOWN_COMMAND;
                    change(index, subSpec, true);
                } else {
                    addFirstArg(index.id(spec), sub);
                }
            }
        } else if (op.startsWith("-") && !op.startsWith("-@")) {
            CommandSpec spec = index.lookup(cString(op.substring(1)));
            if (spec == null) return AclError.UNKNOWN_COMMAND;
            change(index, spec, false);
        } else if (op.startsWith("+@") || op.startsWith("-@")) {
            int category = CommandIndex.category(cString(op.substring(2)));
            if (category < 0) return AclError.UNKNOWN_COMMAND;
            category(index, category, op.charAt(0) == '+');
        } else {
            return AclError.SYNTAX;
        }
        return null;
    }

    /** A rule as C sees it: up to its first NUL. */
    private static String cString(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    /** Redis's ACLStringHasSpaces: isspace() or NUL anywhere. */
    static boolean hasSpaces(byte[] s) {
        for (byte b : s) {
            if (b == 0 || b == ' ' || (b >= '\t' && b <= '\r')) return true;
        }
        return false;
    }

    // ---- checks (Redis's ACLSelectorCheckKey and ACLCheckChannelAgainstList) -----------------

    boolean allowsKey(byte[] key, int needed) {
        if (allKeys) return true;
        for (KeyPattern p : keys) {
            if ((p.flags & needed) != needed) continue;
            if (dev.txlab.engine.command.Glob.matches(p.pattern, key)) return true;
        }
        return false;
    }

    /** Whether some pattern grants the access to every key ({@code ~*}, {@code %R~*} ...). */
    boolean allowsEveryKey(int needed) {
        if (allKeys) return true;
        for (KeyPattern p : keys) {
            if ((p.flags & needed) == needed && Arrays.equals(p.pattern, new byte[] {'*'})) return true;
        }
        return false;
    }

    static boolean channelAllowed(List<byte[]> patterns, byte[] channel, boolean isPattern) {
        for (byte[] p : patterns) {
            if (isPattern ? cEquals(p, channel) : dev.txlab.engine.command.Glob.matches(p, channel)) return true;
        }
        return false;
    }

    /** C's strcmp == 0: equal up to the first NUL. */
    private static boolean cEquals(byte[] a, byte[] b) {
        int i = 0;
        while (true) {
            byte x = i < a.length ? a[i] : 0;
            byte y = i < b.length ? b[i] : 0;
            if (x != y) return false;
            if (x == 0) return true;
            i++;
        }
    }
}
