package dev.txlab.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a typed line into arguments exactly as redis-cli does (its {@code sdssplitargs}):
 * blanks separate arguments, {@code "..."} takes the escapes {@code \n \r \t \b \a \xHH} (any
 * other {@code \c} is {@code c}), {@code '...'} only {@code \'}, and a closing quote must be
 * followed by a blank or the end of the line. A quote may open in the middle of a token:
 * {@code a"b c"} is the single argument {@code ab c}.
 */
public final class ArgSplitter {
    private ArgSplitter() {}

    /** What redis-cli prints when a line cannot be split. */
    public static final String INVALID = "Invalid argument(s)";

    /** Splits a line typed as text; it is sent as UTF-8, as a terminal would. */
    public static Optional<List<byte[]>> split(String line) {
        return split(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Splits raw line bytes; empty when the quotes do not balance (redis-cli: Invalid argument(s)). */
    public static Optional<List<byte[]>> split(byte[] line) {
        List<byte[]> args = new ArrayList<>();
        int p = 0;
        int n = line.length;
        while (true) {
            while (p < n && isSpace(line[p])) p++;
            if (p >= n || line[p] == 0) return Optional.of(args);

            ByteArrayOutputStream current = new ByteArrayOutputStream();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                int c = p < n ? line[p] & 0xff : 0;
                int next = p + 1 < n ? line[p + 1] & 0xff : 0;
                if (inDouble) {
                    if (c == '\\' && next == 'x' && p + 3 < n && isHex(line[p + 2]) && isHex(line[p + 3])) {
                        current.write(hex(line[p + 2]) * 16 + hex(line[p + 3]));
                        p += 3;
                    } else if (c == '\\' && next != 0) {
                        p++;
                        current.write(switch (next) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> next;
                        });
                    } else if (c == '"') {
                        if (next != 0 && !isSpace((byte) next)) return Optional.empty();
                        done = true;
                    } else if (c == 0) {
                        return Optional.empty(); // unterminated quotes
                    } else {
                        current.write(c);
                    }
                } else if (inSingle) {
                    if (c == '\\' && next == '\'') {
                        p++;
                        current.write('\'');
                    } else if (c == '\'') {
                        if (next != 0 && !isSpace((byte) next)) return Optional.empty();
                        done = true;
                    } else if (c == 0) {
                        return Optional.empty();
                    } else {
                        current.write(c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDouble = true;
                        case '\'' -> inSingle = true;
                        default -> current.write(c);
                    }
                }
                if (c != 0) p++;
            }
            args.add(current.toByteArray());
        }
    }

    /** C's isspace in the "C" locale. */
    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == 0x0c;
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static int hex(byte b) {
        return b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
    }
}
