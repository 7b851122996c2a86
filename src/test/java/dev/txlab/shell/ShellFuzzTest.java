package dev.txlab.shell;

import static org.junit.jupiter.api.Assertions.fail;

import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.support.Cli;
import dev.txlab.support.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, made permanent: seeded random input lines through the shell's piped mode, in process
 * ({@code printf ... | txlab}, as {@link Cli} runs it). The lines are random bytes, Redis commands
 * of the command table with random arguments (edge numbers, quotes, escapes, empty and huge
 * arguments), real transcript lines with bytes flipped, meta commands with junk (:save to odd
 * places, :client, :explain, :help ...), label prefixes, control characters and invalid UTF-8.
 * They run in batches of {@value #BATCH}, each batch on a fresh engine, and every batch must:
 * <ul>
 *   <li>exit 0 and print no Java stack trace and no "internal error";</li>
 *   <li>still answer {@code PING} with {@code PONG} after its lines (from a client of its own);</li>
 *   <li>print a bounded amount: at most {@value #OUTPUT_PER_INPUT_BYTE} bytes per input byte plus
 *       {@value #OUTPUT_PER_LINE} per line.</li>
 * </ul>
 * A failing batch is reported with its seed, its lines (escaped) and, where one line alone
 * reproduces it, that line.
 *
 * <p>A CI run tries {@value #DEFAULT_CASES} lines (a few seconds). Run many more by hand with
 * {@code mvn -o test -Dtest=ShellFuzzTest -Dtxlab.fuzz.cases=100000}, and another sequence with
 * {@code -Dtxlab.fuzz.seed=N}. Commands that wait by design (BLPOP and the other blocking ones,
 * DEBUG SLEEP, WAIT, CLIENT PAUSE), SHUTDOWN and MONITOR are not generated, nor sizes that Redis
 * itself would honour with half a gigabyte (SETRANGE and SETBIT near 512 MB, SRANDMEMBER -2^31):
 * they are slow by design, not broken.
 */
class ShellFuzzTest {
    static final int DEFAULT_CASES = 3000;
    static final int CASES = Integer.getInteger("txlab.fuzz.cases", DEFAULT_CASES);
    static final long SEED = Long.getLong("txlab.fuzz.seed", 11L);
    static final int BATCH = 40;
    static final int OUTPUT_PER_INPUT_BYTE = 16;
    static final int OUTPUT_PER_LINE = 32 * 1024;
    static final int MAX_REPORTED = 5;

    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w.$]+\\(");

    @TempDir Path dir;

    @Test
    void randomLinesThroughThePipedShellNeverCrashHangOrFloodIt() throws Exception {
        Generator generator = new Generator(dir);
        Random seeds = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int cases = 0;
        while (cases < CASES && failures.size() < MAX_REPORTED) {
            long batchSeed = seeds.nextLong();
            int n = Math.min(BATCH, CASES - cases);
            Random r = new Random(batchSeed);
            List<byte[]> lines = new ArrayList<>();
            for (int i = 0; i < n; i++) lines.add(generator.line(r));
            String explain = List.of("off", "brief", "full").get(r.nextInt(3));
            cases += n;
            String problem = problem(lines, explain);
            if (problem == null) continue;
            StringBuilder report = new StringBuilder("batch seed " + batchSeed + " (--explain " + explain + "): " + problem);
            int culprits = 0;
            for (byte[] line : lines) {
                String alone = problem(List.of(line), explain);
                if (alone != null && culprits++ < 3) report.append("\n  this line alone: ").append(escape(line)).append(" -> ").append(alone);
            }
            if (culprits == 0) {
                report.append("\n  (no single line reproduces it; the batch:)");
                for (byte[] line : lines) report.append("\n    ").append(escape(line));
            }
            failures.add(report.toString());
        }
        if (!failures.isEmpty()) fail(failures.size() + " failing batch(es) in " + cases + " cases:\n" + String.join("\n\n", failures));
        System.out.println("ShellFuzzTest: " + cases + " cases, seed " + SEED + ", no failure");
    }

    /** Runs the lines and a final PING; null when all is well, else what went wrong. */
    static String problem(List<byte[]> lines, String explain) {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            input.writeBytes(line);
            input.write('\n');
        }
        input.writeBytes("fuzzcheck> PING\n".getBytes(StandardCharsets.UTF_8));
        Cli.Run run;
        try {
            run = Cli.txlabWithBytes(input.toByteArray(), "--explain", explain);
        } catch (Throwable e) {
            return "threw " + e;
        }
        String all = run.out() + run.err();
        if (run.exit() != 0) return "exit code " + run.exit() + ": " + tail(all);
        if (all.contains("internal error")) return "internal error: " + around(all, all.indexOf("internal error"));
        if (STACK_FRAME.matcher(all).find()) return "a stack trace: " + around(all, all.indexOf("\tat "));
        if (all.contains("Exception in thread")) return "an uncaught exception: " + around(all, all.indexOf("Exception in thread"));
        long bound = (long) OUTPUT_PER_INPUT_BYTE * input.size() + (long) OUTPUT_PER_LINE * (lines.size() + 1);
        long printed = run.out().getBytes(StandardCharsets.UTF_8).length + run.err().getBytes(StandardCharsets.UTF_8).length;
        if (printed > bound) return "printed " + printed + " bytes for " + input.size() + " bytes of input (bound " + bound + ")";
        String last = null;
        for (String l : run.out().split("\n")) if (!l.startsWith("#")) last = l;
        if (!"PONG".equals(last)) return "the final PING answered " + (last == null ? "nothing" : cut(last)) + ": " + tail(run.out());
        return null;
    }

    static String tail(String text) { return cut(text.length() > 300 ? "..." + text.substring(text.length() - 300) : text); }

    static String around(String text, int at) {
        return cut(text.substring(Math.max(0, at - 100), Math.min(text.length(), at + 400)));
    }

    static String cut(String text) {
        String flat = text.replace("\n", "\\n");
        return flat.length() > 600 ? flat.substring(0, 600) + "..." : flat;
    }

    /** A line as a Java string literal with \xNN escapes, to paste into a regression test. */
    static String escape(byte[] line) {
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(line.length, 400);
        for (int i = 0; i < shown; i++) {
            int c = line[i] & 0xff;
            if (c == '"' || c == '\\') out.append('\\').append((char) c);
            else if (c >= 32 && c < 127) out.append((char) c);
            else out.append(String.format("\\x%02x", c));
        }
        out.append('"');
        if (line.length > shown) out.append(" ... (").append(line.length).append(" bytes)");
        return out.toString();
    }

    /** Random shell lines, some junk and some nearly right. */
    static final class Generator {
        /** Commands that wait by design or stop things, not generated. */
        static final Set<String> SKIPPED = Set.of("debug", "shutdown", "monitor", "wait", "waitaof", "client|pause",
                "failover", "replicaof", "slaveof", "sync", "psync", "save", "bgsave", "bgrewriteaof");
        /** Commands that honour big numbers with big allocations, as Redis does: small numbers only. */
        static final Set<String> SIZE_SENSITIVE = Set.of("setbit", "setrange", "bitfield", "bitfield_ro", "srandmember",
                "hrandfield", "zrandmember", "lpos", "getbit", "bitcount", "bitpos");
        static final String[] KEYS = {"k", "a", "b", "list", "s", "z", "h", "{t}x", "", "counter", "\u00e9", "*", "k:1"};
        static final String[] WORDS = {"NX", "XX", "EX", "PX", "EXAT", "PXAT", "KEEPTTL", "GET", "WITHSCORES", "LIMIT",
                "MATCH", "COUNT", "TYPE", "BY", "STORE", "ASC", "DESC", "ALPHA", "REPLACE", "ABSTTL", "IDLETIME", "FREQ",
                "LEFT", "RIGHT", "BEFORE", "AFTER", "RANK", "MAXLEN", "INCR", "CH", "GT", "LT", "REV", "BYSCORE", "BYLEX",
                "AGGREGATE", "SUM", "MIN", "MAX", "WEIGHTS", "OVERFLOW", "WRAP", "SAT", "FAIL", "u8", "i64", "#1", "?",
                "[a", "(1", "+", "-", "+inf", "-inf", "nan", "inf", "WITHVALUES", "ID", "LEN", "IDX", "MINMATCHLEN",
                "WITHMATCHLEN", "ENCODING", "REFCOUNT", "HELP", "SCHEDULE", "ASYNC", "SYNC", "LOAD", "EXISTS", "FLUSH"};
        static final String[] NUMBERS = {"0", "1", "-1", "2", "3", "10", "100", "-100", "0.5", "1e3", "-0", "+1", " 1",
                "1 ", "0x10", "", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "18446744073709551616",
                "1e400", "-1e400", "2147483647", "-2147483648", "4294967295", "4294967296", "536870912", "nan", "inf",
                "-inf", "3.4e38", "1.7976931348623157e308", "00001", "1_000", "\u0661"};
        static final String[] SMALL_NUMBERS = {"0", "1", "-1", "2", "3", "7", "10", "100", "-100", "0.5", "", "x", "-0",
                "9223372036854775807", "-9223372036854775808", "99999999999999999999"};
        static final String[] SCRIPTS = {"return 1", "return redis.call('GET', KEYS[1])", "return {1,2,{3,'x'}}",
                "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('INCR', KEYS[1])", "return redis.pcall('NOSUCH')",
                "error('boom')", "return", "x = 1", "return redis.error_reply('E')", "return cjson.encode({1,2})"};
        static final String[] QUOTES = {"\"", "'", "\\", "\"\"", "''", "\"a b\"", "'a b'", "\"\\x41\"", "\"\\x4\"", "\"\\xzz\"",
                "\"a\"b", "'a'b", "\"\\\"\"", "'\\''", "\"\\n\\r\\t\\b\\a\\0\"", "\"unterminated", "'open", "\"\\u00e9\"", "\\x41"};
        static final String[] META = {":help", ":h", ":?", ":client", ":clients", ":explain", ":why", ":keys", ":reset",
                ":save", ":nosuch", ":", "::", ":HELP", ":Clients", ":EXPLAIN", ":save", ":save", "help", "HELP", "help @"};

        static final String PUNCTUATION = "\"'\\:#>@*?[]{}$";

        private final List<CommandSpec> commands = new ArrayList<>();
        private final List<String> corpusLines = new ArrayList<>();
        private final Path dir;

        Generator(Path dir) throws IOException {
            this.dir = dir;
            for (CommandSpec spec : CommandTable.standard().all()) {
                if (SKIPPED.contains(spec.name()) || spec.mayBlock()) continue;
                commands.add(spec);
            }
            commands.sort(java.util.Comparator.comparing(CommandSpec::name)); // a stable order: the seed decides
            for (Path tx : Corpus.transcripts("conformance/random").subList(0, 40)) {
                for (String line : Files.readAllLines(tx, StandardCharsets.ISO_8859_1)) {
                    if (!line.matches("[A-Za-z0-9_-]+> .*")) continue;
                    String name = line.substring(line.indexOf("> ") + 2).strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
                    CommandSpec spec = CommandTable.standard().get(name);
                    if (spec != null && (spec.mayBlock() || SKIPPED.contains(spec.name()))) continue;
                    corpusLines.add(line);
                }
            }
        }

        byte[] line(Random r) {
            byte[] line;
            do {
                line = candidate(r);
            } while (quits(line));
            return line;
        }

        /** A line that would end the shell before the final PING. */
        private static boolean quits(byte[] line) {
            String text = new String(line, StandardCharsets.ISO_8859_1).strip().toLowerCase(Locale.ROOT);
            String first = text.split("\\s+", 2)[0];
            return first.equals(":q") || first.equals(":quit") || first.equals(":exit");
        }

        private byte[] candidate(Random r) {
            int pick = r.nextInt(100);
            if (pick < 12) return randomBytes(r, r.nextInt(200));
            if (pick < 45) return utf8(command(r));
            if (pick < 52) return utf8(label(r) + command(r));
            if (pick < 67) return flipped(r, corpusLines.get(r.nextInt(corpusLines.size())).getBytes(StandardCharsets.ISO_8859_1));
            if (pick < 77) return utf8(meta(r));
            if (pick < 85) return utf8(quotes(r));
            if (pick < 93) return withControls(r, utf8(command(r)));
            if (pick < 96) return utf8(label(r) + junkWord(r));
            return utf8(huge(r));
        }

        private String command(Random r) {
            CommandSpec spec = commands.get(r.nextInt(commands.size()));
            StringBuilder line = new StringBuilder(r.nextInt(10) == 0 ? spec.name().toLowerCase(Locale.ROOT) : spec.displayName());
            if (spec.isContainer() && r.nextInt(5) != 0) {
                List<String> subs = new ArrayList<>(spec.subcommands().keySet());
                subs.sort(null);
                String sub = subs.get(r.nextInt(subs.size()));
                if (SKIPPED.contains(sub) || sub.endsWith("|pause")) sub = "help";
                line = new StringBuilder(spec.displayName()).append(' ').append(sub.contains("|") ? sub.substring(sub.indexOf('|') + 1) : sub);
            }
            boolean small = SIZE_SENSITIVE.contains(spec.name());
            int argc = Math.abs(spec.arity()) - 1 + r.nextInt(4) - 1;
            if (spec.name().startsWith("eval") || spec.name().startsWith("fcall")) {
                line.append(' ').append(quote(SCRIPTS[r.nextInt(SCRIPTS.length)])).append(' ').append(r.nextInt(3));
                argc = r.nextInt(3);
            }
            for (int i = 0; i < argc; i++) line.append(' ').append(argument(r, small));
            return line.toString();
        }

        private String argument(Random r, boolean small) {
            return switch (r.nextInt(8)) {
                case 0, 1 -> KEYS[r.nextInt(KEYS.length)];
                case 2, 3 -> small ? SMALL_NUMBERS[r.nextInt(SMALL_NUMBERS.length)] : quoteIfNeeded(NUMBERS[r.nextInt(NUMBERS.length)]);
                case 4 -> WORDS[r.nextInt(WORDS.length)];
                case 5 -> QUOTES[r.nextInt(QUOTES.length)];
                case 6 -> junkWord(r);
                default -> "v" + r.nextInt(1000);
            };
        }

        private static String quoteIfNeeded(String s) {
            return s.isEmpty() || s.contains(" ") ? "\"" + s + "\"" : s;
        }

        private static String quote(String s) { return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""; }

        private String label(Random r) {
            return switch (r.nextInt(8)) {
                case 0 -> "B> ";
                case 1 -> "x_-9> ";
                case 2 -> "a b> ";
                case 3 -> "> ";
                case 4 -> "A>";
                case 5 -> "A>  ";
                case 6 -> "L".repeat(1 + r.nextInt(300)) + "> ";
                default -> (char) ('A' + r.nextInt(26)) + "> ";
            };
        }

        private String meta(Random r) {
            String name = META[r.nextInt(META.length)];
            if (name.equals(":save")) return ":save " + saveTarget(r);
            if (name.startsWith("help") || name.startsWith("HELP")) {
                String arg = r.nextBoolean() ? commands.get(r.nextInt(commands.size())).displayName() : junkWord(r);
                return name + (name.endsWith("@") ? arg : " " + arg);
            }
            return switch (r.nextInt(4)) {
                case 0 -> name;
                case 1 -> name + " " + junkWord(r);
                case 2 -> name + " " + argument(r, true) + " " + argument(r, true);
                default -> "  " + name + "\t" + junkWord(r) + "  ";
            };
        }

        /** Places :save may write: only inside the test's directory, or places it must refuse. */
        private String saveTarget(Random r) {
            return switch (r.nextInt(8)) {
                case 0 -> dir.toString();
                case 1 -> dir.resolve("no-such-dir").resolve("x.tx").toString();
                case 2 -> "/dev/zero";
                case 3 -> "/dev/null";
                case 4 -> "";
                case 5 -> dir + "/" + "\u0000x";
                default -> dir + "/" + junkWord(r).replace("/", "_").replace("\\", "_").replace("..", "__") + ".tx";
            };
        }

        private String quotes(Random r) {
            StringBuilder line = new StringBuilder(r.nextBoolean() ? "SET k " : r.nextBoolean() ? "ECHO " : "");
            int n = 1 + r.nextInt(6);
            for (int i = 0; i < n; i++) {
                line.append(QUOTES[r.nextInt(QUOTES.length)]);
                if (r.nextBoolean()) line.append(' ');
            }
            return line.toString();
        }

        private String junkWord(Random r) {
            int n = r.nextInt(20);
            StringBuilder w = new StringBuilder();
            for (int i = 0; i < n; i++) {
                int c = switch (r.nextInt(6)) {
                    case 0 -> 33 + r.nextInt(94);
                    case 1 -> 'a' + r.nextInt(26);
                    case 2 -> 0x80 + r.nextInt(0x700);
                    case 3 -> PUNCTUATION.charAt(r.nextInt(PUNCTUATION.length()));
                    case 4 -> 0x1F600 + r.nextInt(50);
                    default -> '0' + r.nextInt(10);
                };
                w.appendCodePoint(c);
            }
            return w.toString();
        }

        private String huge(Random r) {
            int size = r.nextInt(4) == 0 ? 1 << 20 : 10_000 + r.nextInt(100_000);
            String big = r.nextBoolean() ? "x".repeat(size) : junkWord(r).repeat(Math.max(1, size / 20));
            return switch (r.nextInt(5)) {
                case 0 -> "SET k " + big;
                case 1 -> "APPEND k " + big;
                case 2 -> big;
                case 3 -> "RPUSH list " + (big + " ").repeat(1 + r.nextInt(3));
                default -> "ECHO \"" + big.replace("\"", "") + "\"";
            };
        }

        private static byte[] randomBytes(Random r, int n) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            for (int i = 0; i < n; i++) if (b[i] == '\n') b[i] = ' ';
            return b;
        }

        private static byte[] flipped(Random r, byte[] line) {
            byte[] b = line.clone();
            int flips = r.nextInt(4);
            for (int i = 0; i < flips && b.length > 0; i++) {
                b[r.nextInt(b.length)] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : "\"'\\ 0123456789xX-".charAt(r.nextInt(17)));
            }
            for (int i = 0; i < b.length; i++) if (b[i] == '\n') b[i] = ' ';
            return b;
        }

        private static byte[] withControls(Random r, byte[] line) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] controls = {0, 1, 7, 8, 9, 11, 12, 13, 27, 127};
            for (byte c : line) {
                if (r.nextInt(8) == 0) out.write(controls[r.nextInt(controls.length)]);
                out.write(c);
            }
            if (r.nextBoolean()) out.writeBytes(new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xe2, (byte) 0x82}); // invalid UTF-8
            if (r.nextInt(4) == 0) out.write('\r');
            return out.toByteArray();
        }

        private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }
    }
}
