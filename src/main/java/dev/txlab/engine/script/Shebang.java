package dev.txlab.engine.script;

import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Errors;
import java.util.List;
import java.util.Optional;

/**
 * The optional first line of a 7.0 script, {@code #!lua flags=no-writes,...}. A script with a
 * shebang runs in "flags mode"; one without runs in the compatible mode of older versions. The
 * shebang line is cut from the body before compiling, but its newline stays so that line numbers
 * in error messages still match what the user wrote.
 *
 * @param compatMode  no shebang at all
 * @param noWrites    {@code flags=no-writes}: write commands are refused, as under EVAL_RO
 * @param allowOom    {@code flags=allow-oom}: the script runs, and writes, over maxmemory
 * @param length      bytes of the shebang line, not counting its newline
 */
public record Shebang(boolean compatMode, boolean noWrites, boolean allowOom, int length) {

    static final Shebang NONE = new Shebang(true, false, false, 0);

    private static final List<String> KNOWN_FLAGS =
            List.of("no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys");

    /** Thrown for a malformed shebang; the message is the error text Redis replies with. */
    static final class Invalid extends Exception {
        Invalid(String message) { super(message, null, false, false); }
    }

    /** Redis's evalExtractShebangFlags. */
    static Shebang parse(byte[] body) throws Invalid {
        if (body.length < 2 || body[0] != '#' || body[1] != '!') return NONE;
        int end = 0;
        while (end < body.length && body[end] != '\n') end++;
        // strchr stops at the C string's end: a NUL before the newline means there is no newline
        for (int i = 0; i < end; i++) if (body[i] == 0) throw new Invalid("ERR Invalid script shebang");
        if (end == body.length) throw new Invalid("ERR Invalid script shebang");
        byte[] line = java.util.Arrays.copyOf(body, end);
        Optional<List<byte[]>> split = ArgSplitter.split(line);
        if (split.isEmpty() || split.get().isEmpty()) throw new Invalid("ERR Invalid engine in script shebang");
        List<byte[]> parts = split.get();
        String engine = text(parts.get(0));
        if (!engine.equals("#!lua")) throw new Invalid("ERR Unexpected engine in script shebang: " + engine);
        boolean noWrites = false;
        boolean allowOom = false;
        for (int i = 1; i < parts.size(); i++) {
            String part = text(parts.get(i));
            if (!part.startsWith("flags=")) throw new Invalid("ERR Unknown lua shebang option: " + part);
            String flags = part.substring("flags=".length());
            if (flags.isEmpty()) continue;
            for (String flag : flags.split(",", -1)) {
                if (!KNOWN_FLAGS.contains(flag)) throw new Invalid("ERR Unexpected flag in script shebang: " + flag);
                if (flag.equals("no-writes")) noWrites = true;
                if (flag.equals("allow-oom")) allowOom = true;
            }
        }
        return new Shebang(false, noWrites, allowOom, end);
    }

    private static String text(byte[] bytes) {
        // C strings: the error texts stop at a NUL byte, as %s would
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) n++;
        return Errors.latin1(java.util.Arrays.copyOf(bytes, n));
    }
}
