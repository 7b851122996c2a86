package dev.txlab.engine.acl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * An ACL user (Redis's struct user): its flags, the SHA-256 hashes of its passwords, and its
 * selectors, the root one first.
 */
public final class User {
    static final int ENABLED = 1;
    static final int DISABLED = 2;
    static final int NOPASS = 4;
    static final int SKIP_SANITIZE = 8;
    static final int SANITIZE = 16;
    /** Redis's ACLUserFlags, in the order ACL LIST and GETUSER show them. */
    static final String[] FLAG_NAMES = {"on", "off", "nopass", "skip-sanitize-payload", "sanitize-payload"};

    private final byte[] name;
    int flags = DISABLED;
    /** Lower-case hex SHA-256 of each password, in the order added. */
    final List<String> passwords = new ArrayList<>();
    final List<Selector> selectors = new ArrayList<>();

    User(byte[] name, boolean allChannelsByDefault) {
        this.name = name;
        selectors.add(new Selector(true, allChannelsByDefault));
    }

    public byte[] name() { return name.clone(); }

    public String displayName() { return new String(name, StandardCharsets.ISO_8859_1); }

    byte[] rawName() { return name; }

    public boolean enabled() { return (flags & DISABLED) == 0; }

    public boolean noPass() { return (flags & NOPASS) != 0; }

    Selector root() { return selectors.get(0); }

    /** Redis's ACLCopyUser: this user takes the other's rules (the names stay). */
    void copyFrom(User other) {
        flags = other.flags;
        passwords.clear();
        passwords.addAll(other.passwords);
        selectors.clear();
        for (Selector s : other.selectors) selectors.add(s.copy());
    }

    User copy(byte[] newName) {
        User u = new User(newName, false);
        u.copyFrom(this);
        return u;
    }

    /** Redis's ACLCheckUserCredentials (the user exists): enabled, and nopass or a password matches. */
    boolean accepts(byte[] password) {
        if (!enabled()) return false;
        if (noPass()) return true;
        byte[] hash = hash(password).getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String p : passwords) match |= MessageDigest.isEqual(hash, p.getBytes(StandardCharsets.US_ASCII));
        return match;
    }

    /** Redis's ACLHashPassword: lower-case hex SHA-256. */
    static String hash(byte[] cleartext) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cleartext));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Redis's ACLCheckPasswordHash: 64 characters of 0-9 and a-f. */
    static boolean validHash(byte[] hash) {
        if (hash.length != 64) return false;
        for (byte c : hash) if ((c < 'a' || c > 'f') && (c < '0' || c > '9')) return false;
        return true;
    }

    /**
     * Redis's ACLSetUser: applies one rule (flags, passwords, selectors, or a rule for the root
     * selector). Returns null when done, else why not.
     */
    AclError apply(CommandIndex index, byte[] op, boolean allChannelsByDefault) {
        if (op.length == 0) return null;
        String text = new String(op, StandardCharsets.ISO_8859_1);
        char first = text.charAt(0);
        if (text.equalsIgnoreCase("on")) {
            flags = (flags | ENABLED) & ~DISABLED;
        } else if (text.equalsIgnoreCase("off")) {
            flags = (flags | DISABLED) & ~ENABLED;
        } else if (text.equalsIgnoreCase("skip-sanitize-payload")) {
            flags = (flags | SKIP_SANITIZE) & ~SANITIZE;
        } else if (text.equalsIgnoreCase("sanitize-payload")) {
            flags = (flags | SANITIZE) & ~SKIP_SANITIZE;
        } else if (text.equalsIgnoreCase("nopass")) {
            flags |= NOPASS;
            passwords.clear();
        } else if (text.equalsIgnoreCase("resetpass")) {
            flags &= ~NOPASS;
            passwords.clear();
        } else if (first == '>' || first == '#') {
            byte[] rest = Arrays.copyOfRange(op, 1, op.length);
            String hash;
            if (first == '>') {
                hash = hash(rest);
            } else {
                if (!validHash(rest)) return AclError.BAD_HASH;
                hash = new String(rest, StandardCharsets.US_ASCII);
            }
            if (!passwords.contains(hash)) passwords.add(hash);
            flags &= ~NOPASS;
        } else if (first == '<' || first == '!') {
            byte[] rest = Arrays.copyOfRange(op, 1, op.length);
            String hash;
            if (first == '<') {
                hash = hash(rest);
            } else {
                if (!validHash(rest)) return AclError.BAD_HASH;
                hash = new String(rest, StandardCharsets.US_ASCII);
            }
            if (!passwords.remove(hash)) return AclError.NO_SUCH_PASSWORD;
        } else if (first == '(' && text.charAt(text.length() - 1) == ')') {
            Selector selector = new Selector(false, allChannelsByDefault);
            for (byte[] rule : splitArgs(Arrays.copyOfRange(op, 1, op.length - 1))) {
                AclError error = selector.apply(index, rule);
                if (error != null) return error;
            }
            selectors.add(selector);
        } else if (text.equalsIgnoreCase("clearselectors")) {
            selectors.subList(1, selectors.size()).clear();
        } else if (text.equalsIgnoreCase("reset")) {
            apply(index, bytes("resetpass"), allChannelsByDefault);
            root().apply(index, bytes("resetkeys"));
            root().apply(index, bytes("resetchannels"));
            if (allChannelsByDefault) root().apply(index, bytes("allchannels"));
            apply(index, bytes("off"), allChannelsByDefault);
            apply(index, bytes("sanitize-payload"), allChannelsByDefault);
            apply(index, bytes("clearselectors"), allChannelsByDefault);
            root().apply(index, bytes("-@all"));
        } else {
            return root().apply(index, op);
        }
        return null;
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    /**
     * The rules inside a selector's parentheses, split as Redis's sdssplitargs splits them
     * (spaces separate; quotes are honoured). An unbalanced quote gives no rules, as in Redis.
     */
    static List<byte[]> splitArgs(byte[] line) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        int n = line.length;
        while (true) {
            while (i < n && isSpace(line[i])) i++;
            if (i >= n) return out;
            java.io.ByteArrayOutputStream cur = new java.io.ByteArrayOutputStream();
            boolean inDq = false;
            boolean inSq = false;
            while (true) {
                if (inDq) {
                    if (i >= n) return List.of();
                    if (line[i] == '\\' && i + 3 < n && line[i + 1] == 'x' && hex(line[i + 2]) >= 0 && hex(line[i + 3]) >= 0) {
                        cur.write(hex(line[i + 2]) * 16 + hex(line[i + 3]));
                        i += 3;
                    } else if (line[i] == '\\' && i + 1 < n) {
                        i++;
                        byte c = line[i];
                        cur.write(switch (c) { case 'n' -> '\n'; case 'r' -> '\r'; case 't' -> '\t'; case 'b' -> '\b';
                            case 'a' -> 7; default -> c; });
                    } else if (line[i] == '"') {
                        if (i + 1 < n && !isSpace(line[i + 1])) return List.of();
                        inDq = false;
                        i++;
                        break;
                    } else {
                        cur.write(line[i]);
                    }
                } else if (inSq) {
                    if (i >= n) return List.of();
                    if (line[i] == '\\' && i + 1 < n && line[i + 1] == '\'') {
                        i++;
                        cur.write('\'');
                    } else if (line[i] == '\'') {
                        if (i + 1 < n && !isSpace(line[i + 1])) return List.of();
                        inSq = false;
                        i++;
                        break;
                    } else {
                        cur.write(line[i]);
                    }
                } else {
                    if (i >= n || isSpace(line[i])) break;
                    if (line[i] == '"') inDq = true;
                    else if (line[i] == '\'') inSq = true;
                    else cur.write(line[i]);
                }
                i++;
            }
            out.add(cur.toByteArray());
        }
    }

    private static boolean isSpace(byte b) { return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == 0 || b == 11 || b == 12; }

    private static int hex(byte b) { return Character.digit(b, 16); }
}
