package dev.txlab.engine.script;

import dev.txlab.engine.Numbers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaString;

/**
 * Lua 5.1's lexer and parser (llex.c, lparser.c), run before LuaJ compiles a chunk, for two
 * reasons:
 *
 * <ul>
 *   <li>Compile errors must read as Redis prints them ({@code user_script:1: unexpected symbol
 *       near '<eof>'}), and chunks that 5.1 refuses (a lone {@code ;}, {@code goto} labels, a
 *       call on a new line) must be refused even though LuaJ, a Lua 5.2, accepts them. (Nested
 *       {@code [[ ]]} are accepted, as by the Debian build of 7.0.15 this was checked on.)
 *   <li>LuaJ reads some literals differently ({@code "\x41"} is {@code x41} in 5.1). Once a chunk
 *       passes, it is rewritten token by token into a canonical form both agree on: strings with
 *       decimal escapes, numbers as exact decimals, comments dropped, every token on the line
 *       where 5.1 saw it end, so that line numbers in errors do not move.
 * </ul>
 *
 * Only the grammar is checked here; LuaJ generates the code.
 */
final class LuaSource {
    private LuaSource() {}

    /** The outcome: the 5.1 error message, or the canonical source for LuaJ. */
    record Checked(LuaString error, byte[] canonical) {}

    static Checked check(byte[] source, LuaString chunkname) {
        return check(source, chunkname, 0);
    }

    /** cLevels: Lua's C-call depth when the chunk is loaded (it counts toward syntax levels). */
    static Checked check(byte[] source, LuaString chunkname, int cLevels) {
        Parser parser = new Parser(new Lexer(source, Raise.chunkId(chunkname)), cLevels);
        try {
            parser.chunkMain();
            return new Checked(null, parser.lexer.canonical());
        } catch (SyntaxError e) {
            return new Checked(LuaString.valueOf(e.getMessage().getBytes(StandardCharsets.ISO_8859_1)), null);
        }
    }

    /** One token: where it ends in the canonical source, and how an error near it names it. */
    record Token(int canonicalEnd, String near) {}

    /**
     * The tokens of a chunk that {@link #check} accepted, end of file included, for placing the
     * errors LuaJ's code generator raises without naming the token (it drops Lua's "near ...").
     */
    static List<Token> tokens(byte[] source, LuaString chunkname) {
        Lexer lexer = new Lexer(source, Raise.chunkId(chunkname));
        List<Token> tokens = new ArrayList<>();
        int t;
        do {
            t = lexer.lex();
            tokens.add(new Token(lexer.canonicalSize(), lexer.txtToken(t)));
        } while (t != EOS);
        return tokens;
    }

    /** A compile error: the whole message, position included, in Latin-1. */
    static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) { super(message, null, false, false); }
    }

    // ---- tokens ----------------------------------------------------------------------------------

    static final int EOS = 257, NAME = 258, NUMBER = 259, STRING = 260, CONCAT = 261, DOTS = 262,
            EQ = 263, GE = 264, LE = 265, NE = 266;
    // reserved words, in llex.c's order
    static final String[] RESERVED = {"and", "break", "do", "else", "elseif", "end", "false", "for", "function",
            "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while"};
    static final int FIRST_RESERVED = 300;
    static final int AND = 300, BREAK = 301, DO = 302, ELSE = 303, ELSEIF = 304, END = 305, FALSE = 306, FOR = 307,
            FUNCTION = 308, IF = 309, IN = 310, LOCAL = 311, NIL = 312, NOT = 313, OR = 314, REPEAT = 315,
            RETURN = 316, THEN = 317, TRUE = 318, UNTIL = 319, WHILE = 320;

    /** luaX_token2str. */
    static String token2str(int token) {
        if (token < 256) {
            return token < 32 || token == 127 ? "char(" + token + ")" : String.valueOf((char) token);
        }
        if (token >= FIRST_RESERVED) return RESERVED[token - FIRST_RESERVED];
        return switch (token) {
            case EOS -> "<eof>";
            case NAME -> "<name>";
            case NUMBER -> "<number>";
            case STRING -> "<string>";
            case CONCAT -> "..";
            case DOTS -> "...";
            case EQ -> "==";
            case GE -> ">=";
            case LE -> "<=";
            case NE -> "~=";
            default -> "?";
        };
    }

    // ---- the lexer ---------------------------------------------------------------------------------

    static final class Lexer {
        private final byte[] src;
        private final String chunkId;
        private int pos;
        private int current;
        int linenumber = 1;
        /** The token buffer, as llex's luaZ_buffer: what txtToken prints near a name, string or number. */
        private final StringBuilder buffer = new StringBuilder();
        /** The canonical source built so far. */
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int outLine = 1;

        // the last token read
        int token;
        String text; // name text, or the string's bytes (Latin-1)
        double number;

        Lexer(byte[] src, String chunkId) {
            this.src = src;
            this.chunkId = chunkId;
            this.current = src.length > 0 ? src[0] & 0xff : -1;
        }

        private void next() {
            pos++;
            current = pos < src.length ? src[pos] & 0xff : -1;
        }

        private void save(int c) { buffer.append((char) c); }

        private void saveAndNext() {
            save(current);
            next();
        }

        private boolean isNewline() { return current == '\n' || current == '\r'; }

        private void incLine() {
            int old = current;
            next();
            if (isNewline() && current != old) next();
            linenumber++;
        }

        private boolean checkNext(String set) {
            if (current < 0 || set.indexOf(current) < 0) return false;
            saveAndNext();
            return true;
        }

        /** luaX_lexerror. */
        SyntaxError error(String message, int token) {
            String msg = chunkId + ":" + linenumber + ": " + message;
            if (token != 0) msg += " near '" + txtToken(token) + "'";
            return new SyntaxError(msg);
        }

        String txtToken(int token) {
            if (token == NAME || token == STRING || token == NUMBER) {
                String b = buffer.toString();
                int nul = b.indexOf('\0');
                return nul < 0 ? b : b.substring(0, nul);
            }
            return token2str(token);
        }

        /** Reads the next token into token/text/number and appends its canonical form. */
        int lex() {
            token = llex();
            emit();
            return token;
        }

        private int llex() {
            buffer.setLength(0);
            while (true) {
                switch (current) {
                    case '\n', '\r' -> incLine();
                    case '-' -> {
                        next();
                        if (current != '-') return '-';
                        next();
                        if (current == '[') {
                            int sep = skipSep();
                            buffer.setLength(0);
                            if (sep >= 0) {
                                readLongString(false, sep);
                                buffer.setLength(0);
                                continue;
                            }
                        }
                        while (!isNewline() && current >= 0) next();
                    }
                    case '[' -> {
                        int sep = skipSep();
                        if (sep >= 0) {
                            readLongString(true, sep);
                            return STRING;
                        }
                        if (sep == -1) return '[';
                        throw error("invalid long string delimiter", STRING);
                    }
                    case '=' -> {
                        next();
                        if (current != '=') return '=';
                        next();
                        return EQ;
                    }
                    case '<' -> {
                        next();
                        if (current != '=') return '<';
                        next();
                        return LE;
                    }
                    case '>' -> {
                        next();
                        if (current != '=') return '>';
                        next();
                        return GE;
                    }
                    case '~' -> {
                        next();
                        if (current != '=') return '~';
                        next();
                        return NE;
                    }
                    case '"', '\'' -> {
                        readString(current);
                        return STRING;
                    }
                    case '.' -> {
                        saveAndNext();
                        if (checkNext(".")) {
                            if (checkNext(".")) return DOTS;
                            return CONCAT;
                        }
                        if (!isDigit(current)) return '.';
                        readNumeral();
                        return NUMBER;
                    }
                    case -1 -> {
                        return EOS;
                    }
                    default -> {
                        if (isSpace(current)) {
                            next();
                        } else if (isDigit(current)) {
                            readNumeral();
                            return NUMBER;
                        } else if (isAlpha(current) || current == '_') {
                            do saveAndNext(); while (isAlnum(current) || current == '_');
                            text = buffer.toString();
                            for (int i = 0; i < RESERVED.length; i++) if (RESERVED[i].equals(text)) return FIRST_RESERVED + i;
                            return NAME;
                        } else {
                            int c = current;
                            next();
                            return c;
                        }
                    }
                }
            }
        }

        private int skipSep() {
            int count = 0;
            int s = current;
            saveAndNext();
            while (current == '=') {
                saveAndNext();
                count++;
            }
            return current == s ? count : -count - 1;
        }

        private void readLongString(boolean isString, int sep) {
            StringBuilder value = new StringBuilder();
            saveAndNext(); // the second '['
            if (isNewline()) incLine();
            while (true) {
                switch (current) {
                    case -1 -> throw error(isString ? "unfinished long string" : "unfinished long comment", EOS);
                    case ']' -> {
                        int at = buffer.length();
                        if (skipSep() == sep) {
                            saveAndNext();
                            if (isString) text = value.toString();
                            return;
                        }
                        value.append(buffer, at, buffer.length());
                    }
                    case '\n', '\r' -> {
                        save('\n');
                        value.append('\n');
                        incLine();
                        if (!isString) buffer.setLength(0);
                    }
                    default -> {
                        if (isString) save(current);
                        value.append((char) current);
                        next();
                    }
                }
            }
        }

        private void readString(int del) {
            StringBuilder value = new StringBuilder();
            saveAndNext();
            while (current != del) {
                switch (current) {
                    case -1 -> throw error("unfinished string", EOS);
                    case '\n', '\r' -> throw error("unfinished string", STRING);
                    case '\\' -> {
                        int c;
                        next();
                        switch (current) {
                            case 'a' -> c = 7;
                            case 'b' -> c = 8;
                            case 'f' -> c = 12;
                            case 'n' -> c = '\n';
                            case 'r' -> c = '\r';
                            case 't' -> c = '\t';
                            case 'v' -> c = 11;
                            case '\n', '\r' -> {
                                save('\n');
                                value.append('\n');
                                incLine();
                                continue;
                            }
                            case -1 -> {
                                continue;
                            }
                            default -> {
                                if (!isDigit(current)) {
                                    value.append((char) current);
                                    saveAndNext();
                                } else {
                                    int i = 0;
                                    c = 0;
                                    do {
                                        c = 10 * c + (current - '0');
                                        next();
                                    } while (++i < 3 && isDigit(current));
                                    if (c > 255) throw error("escape sequence too large", STRING);
                                    save(c);
                                    value.append((char) c);
                                }
                                continue;
                            }
                        }
                        save(c);
                        value.append((char) c);
                        next();
                    }
                    default -> {
                        value.append((char) current);
                        saveAndNext();
                    }
                }
            }
            saveAndNext();
            text = value.toString();
        }

        private void readNumeral() {
            do saveAndNext(); while (isDigit(current) || current == '.');
            if (checkNext("Ee")) checkNext("+-");
            while (isAlnum(current) || current == '_') saveAndNext();
            Double d = str2d(buffer.toString());
            if (d == null) throw error("malformed number", NUMBER);
            number = d;
        }

        /** luaO_str2d on the numeral's text (it never has blanks around it here). */
        private static Double str2d(String s) {
            return Numbers.parseDoubleSaturating(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        // ---- canonical output -------------------------------------------------------------------

        private void emit() {
            while (outLine < linenumber) {
                out.write('\n');
                outLine++;
            }
            String canonical = switch (token) {
                case EOS -> "";
                case NAME -> text;
                case NUMBER -> numberLiteral(number);
                case STRING -> stringLiteral(text);
                default -> token2str(token);
            };
            byte[] bytes = canonical.getBytes(StandardCharsets.ISO_8859_1);
            out.write(bytes, 0, bytes.length);
            out.write(' ');
        }

        byte[] canonical() { return out.toByteArray(); }

        int canonicalSize() { return out.size(); }

        private static String numberLiteral(double d) {
            if (Double.isInfinite(d)) return "1e999";
            if (d == Math.rint(d) && Math.abs(d) < 1e18) return Long.toString((long) d);
            return Double.toString(d);
        }

        private static String stringLiteral(String value) {
            StringBuilder s = new StringBuilder(value.length() + 2).append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c >= 32 && c < 127 && c != '"' && c != '\\') s.append(c);
                else s.append('\\').append(String.format("%03d", (int) c));
            }
            return s.append('"').toString();
        }

        static boolean isDigit(int c) { return c >= '0' && c <= '9'; }

        static boolean isAlpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

        static boolean isAlnum(int c) { return isAlpha(c) || isDigit(c); }

        static boolean isSpace(int c) { return c == ' ' || (c >= 9 && c <= 13); }
    }

    // ---- the parser ----------------------------------------------------------------------------------

    /** What kind of expression a primary expression turned out to be (for assignments). */
    private enum Kind { VAR, CALL, OTHER }

    private static final class Function {
        final Function parent;
        boolean vararg;
        final int lineDefined;
        final List<String> actives = new ArrayList<>();
        final List<Block> blocks = new ArrayList<>();
        final List<String> upvalues = new ArrayList<>();
        /** The constants lcode.c would put in the function's table: strings and numbers, by value. */
        final java.util.Set<Object> constants = new java.util.HashSet<>();

        Function(Function parent, int lineDefined) {
            this.parent = parent;
            this.lineDefined = lineDefined;
        }
    }

    private record Block(boolean breakable, int activeAtStart) {}

    static final class Parser {
        final Lexer lexer;
        private int t; // the current token
        private String tText;
        private double tNumber;
        private int lookahead = -1; // a token read ahead, or -1
        private String lookaheadText;
        private double lookaheadNumber;
        /**
         * The value of the expression just parsed when it is a numeral lcode.c has not put in the
         * constant table yet (VKNUM: a literal, or constants folded together), else null.
         */
        private Double numeral;
        private int lastline = 1;
        private int levels;
        private Function fs;

        Parser(Lexer lexer, int cLevels) {
            this.lexer = lexer;
            this.levels = cLevels;
        }

        private void next() {
            lastline = lexer.linenumber;
            if (lookahead >= 0) {
                t = lookahead;
                tText = lookaheadText;
                tNumber = lookaheadNumber;
                lookahead = -1;
            } else {
                t = lexer.lex();
                tText = lexer.text;
                tNumber = lexer.number;
            }
        }

        private int lookAhead() {
            lookahead = lexer.lex();
            lookaheadText = lexer.text;
            lookaheadNumber = lexer.number;
            return lookahead;
        }

        private SyntaxError syntaxError(String msg) { return lexer.error(msg, t); }

        private SyntaxError errorExpected(int token) { return syntaxError("'" + token2str(token) + "' expected"); }

        private boolean testNext(int c) {
            if (t != c) return false;
            next();
            return true;
        }

        private void check(int c) {
            if (t != c) throw errorExpected(c);
        }

        private void checkNext(int c) {
            check(c);
            next();
        }

        private void checkMatch(int what, int who, int where) {
            if (!testNext(what)) {
                if (where == lexer.linenumber) throw errorExpected(what);
                throw syntaxError("'" + token2str(what) + "' expected (to close '" + token2str(who) + "' at line " + where + ")");
            }
        }

        private String checkName() {
            check(NAME);
            String name = tText;
            next();
            return name;
        }

        // ---- the constant table -----------------------------------------------------------------

        /** MAXARG_Bx: luaM_growvector refuses the constant that would make 2^18 - 1 + 1. */
        static final int MAX_CONSTANTS = (1 << 18) - 1;

        /**
         * addk: a string or number joins the function's constant table. Lua 5.1 raises its overflow
         * from the allocator, without a position (there is no Lua function running yet).
         */
        private void constant(Object value) {
            if (value instanceof Double d && d == 0) value = 0.0; // -0 and 0 are one key
            if (fs.constants.add(value) && fs.constants.size() > MAX_CONSTANTS) {
                throw new SyntaxError("constant table overflow");
            }
        }

        /** A name or string used as a constant (a global's name, a field, a string literal). */
        private void stringConstant(String text) { constant(text); }

        /** luaK_exp2RK and friends on a pending numeral: it takes its place in the table. */
        private void discharge(Double value) {
            if (value != null) constant(value);
        }

        /** constfolding: the folded value, or null where lcode.c does not fold. */
        private static Double fold(int op, double v1, double v2) {
            double r;
            switch (op) {
                case '+' -> r = v1 + v2;
                case '-' -> r = v1 - v2;
                case '*' -> r = v1 * v2;
                case '/' -> {
                    if (v2 == 0) return null;
                    r = v1 / v2;
                }
                case '%' -> {
                    if (v2 == 0) return null;
                    r = v1 - Math.floor(v1 / v2) * v2;
                }
                case '^' -> r = Math.pow(v1, v2);
                default -> {
                    return null;
                }
            }
            return Double.isNaN(r) ? null : r;
        }

        private void enterLevel() {
            if (++levels > 200) throw lexer.error("chunk has too many syntax levels", 0);
        }

        private void leaveLevel() { levels--; }

        private static boolean blockFollow(int token) {
            return token == ELSE || token == ELSEIF || token == END || token == UNTIL || token == EOS;
        }

        // ---- scopes (for the local and upvalue limits, and 'break') --------------------------------

        private void openMain() {
            fs = new Function(null, 0);
            fs.vararg = true;
        }

        private void closeFunction() { fs = fs.parent; }

        private void newLocal(String name, int n) {
            if (fs.actives.size() + n + 1 > 200) throw limit(200, "local variables");
        }

        private void activate(List<String> names) { fs.actives.addAll(names); }

        private SyntaxError limit(int max, String what) {
            String msg = fs.lineDefined == 0 ? "main function has more than " + max + " " + what
                    : "function at line " + fs.lineDefined + " has more than " + max + " " + what;
            return lexer.error(msg, 0);
        }

        private void enterBlock(boolean breakable) { fs.blocks.add(new Block(breakable, fs.actives.size())); }

        private void leaveBlock() {
            Block b = fs.blocks.remove(fs.blocks.size() - 1);
            while (fs.actives.size() > b.activeAtStart) fs.actives.remove(fs.actives.size() - 1);
        }

        /** singlevar: a local, an upvalue (counted against the limit of 60) or a global. */
        private void singleVar(String name) {
            resolve(fs, name, true);
        }

        private int resolve(Function f, String name, boolean base) {
            if (f == null) {
                if (base) stringConstant(name); // a global is looked up by its name
                return 0; // global
            }
            if (f.actives.lastIndexOf(name) >= 0) return 1; // local
            if (resolve(f.parent, name, false) == 0) return 0;
            if (!f.upvalues.contains(name)) {
                if (f.upvalues.size() + 1 > 60) {
                    Function saved = fs;
                    fs = f;
                    SyntaxError e = limit(60, "upvalues");
                    fs = saved;
                    throw e;
                }
                f.upvalues.add(name);
            }
            return 2;
        }

        // ---- grammar --------------------------------------------------------------------------------

        void chunkMain() {
            openMain();
            next();
            chunk();
            check(EOS);
            closeFunction();
        }

        private void chunk() {
            boolean last = false;
            enterLevel();
            while (!last && !blockFollow(t)) {
                last = statement();
                testNext(';');
            }
            leaveLevel();
        }

        private void block() {
            enterBlock(false);
            chunk();
            leaveBlock();
        }

        private boolean statement() {
            int line = lexer.linenumber;
            switch (t) {
                case IF -> ifStat(line);
                case WHILE -> whileStat(line);
                case DO -> {
                    next();
                    block();
                    checkMatch(END, DO, line);
                }
                case FOR -> forStat(line);
                case REPEAT -> repeatStat(line);
                case FUNCTION -> funcStat(line);
                case LOCAL -> {
                    next();
                    if (testNext(FUNCTION)) localFunc();
                    else localStat();
                }
                case RETURN -> {
                    retStat();
                    return true;
                }
                case BREAK -> {
                    next();
                    breakStat();
                    return true;
                }
                default -> exprStat();
            }
            return false;
        }

        private void ifStat(int line) {
            testThenBlock();
            while (t == ELSEIF) testThenBlock();
            if (t == ELSE) {
                next();
                block();
            }
            checkMatch(END, IF, line);
        }

        private void testThenBlock() {
            next();
            expr();
            checkNext(THEN);
            block();
        }

        private void whileStat(int line) {
            next();
            expr();
            enterBlock(true);
            checkNext(DO);
            block();
            checkMatch(END, WHILE, line);
            leaveBlock();
        }

        private void repeatStat(int line) {
            enterBlock(true);
            enterBlock(false);
            next();
            chunk();
            checkMatch(UNTIL, REPEAT, line);
            expr();
            leaveBlock();
            leaveBlock();
        }

        private void forStat(int line) {
            enterBlock(true);
            next();
            String var = checkName();
            switch (t) {
                case '=' -> forNum(var, line);
                case ',', IN -> forList(var);
                default -> throw syntaxError("'=' or 'in' expected");
            }
            checkMatch(END, FOR, line);
            leaveBlock();
        }

        private void forNum(String var, int line) {
            newLocal("(for index)", 0);
            newLocal("(for limit)", 1);
            newLocal("(for step)", 2);
            newLocal(var, 3);
            checkNext('=');
            expr();
            checkNext(',');
            expr();
            if (testNext(',')) expr();
            forBody(List.of("(for index)", "(for limit)", "(for step)"), List.of(var));
        }

        private void forList(String first) {
            List<String> names = new ArrayList<>();
            int n = 0;
            newLocal("(for generator)", n++);
            newLocal("(for state)", n++);
            newLocal("(for control)", n++);
            newLocal(first, n++);
            names.add(first);
            while (testNext(',')) {
                String name = checkName();
                newLocal(name, n++);
                names.add(name);
            }
            checkNext(IN);
            explist();
            forBody(List.of("(for generator)", "(for state)", "(for control)"), names);
        }

        private void forBody(List<String> control, List<String> vars) {
            activate(control);
            checkNext(DO);
            enterBlock(false);
            activate(vars);
            block();
            leaveBlock();
        }

        private void funcStat(int line) {
            next();
            boolean needSelf = funcName();
            body(needSelf, line);
        }

        private boolean funcName() {
            singleVar(checkName());
            boolean needSelf = false;
            while (t == '.') field();
            if (t == ':') {
                needSelf = true;
                field();
            }
            return needSelf;
        }

        private void localFunc() {
            String name = checkName();
            newLocal(name, 0);
            activate(List.of(name));
            body(false, lexer.linenumber);
        }

        private void localStat() {
            List<String> names = new ArrayList<>();
            do {
                String name = checkName();
                newLocal(name, names.size());
                names.add(name);
            } while (testNext(','));
            if (testNext('=')) explist();
            activate(names);
        }

        private void retStat() {
            next();
            if (!(blockFollow(t) || t == ';')) explist();
        }

        private void breakStat() {
            for (int i = fs.blocks.size() - 1; i >= 0; i--) if (fs.blocks.get(i).breakable) return;
            throw syntaxError("no loop to break");
        }

        private void exprStat() {
            Kind k = primaryExp();
            if (k != Kind.CALL) assignment(k, 1);
        }

        private void assignment(Kind k, int nvars) {
            if (k != Kind.VAR) throw syntaxError("syntax error");
            if (testNext(',')) {
                Kind next = primaryExp();
                if (nvars > 200 - levels) throw limit(200 - levels, "variables in assignment");
                assignment(next, nvars + 1);
            } else {
                checkNext('=');
                explist();
            }
        }

        private void explist() {
            expr();
            while (testNext(',')) expr();
        }

        private void expr() {
            subexpr(0);
            discharge(numeral);
            numeral = null;
        }

        private static final int[][] PRIORITY = {
                {6, 6}, {6, 6}, {7, 7}, {7, 7}, {7, 7}, // + - * / %
                {10, 9}, {5, 4}, // ^ .. (right associative)
                {3, 3}, {3, 3}, {3, 3}, {3, 3}, {3, 3}, {3, 3}, // ~= == < <= > >=
                {2, 2}, {1, 1}}; // and or

        private static int binop(int token) {
            return switch (token) {
                case '+' -> 0;
                case '-' -> 1;
                case '*' -> 2;
                case '/' -> 3;
                case '%' -> 4;
                case '^' -> 5;
                case CONCAT -> 6;
                case NE -> 7;
                case EQ -> 8;
                case '<' -> 9;
                case LE -> 10;
                case '>' -> 11;
                case GE -> 12;
                case AND -> 13;
                case OR -> 14;
                default -> -1;
            };
        }

        private int subexpr(int limit) {
            enterLevel();
            Double value = null;
            if (t == NOT || t == '-' || t == '#') {
                int unary = t;
                next();
                subexpr(8);
                if (unary == '-' && numeral != null) value = -numeral; // folded
                else if (unary == '#') discharge(numeral);
                // 'not' of a numeral is a constant false: the numeral never reaches the table
            } else {
                simpleExp();
                value = numeral;
            }
            int op = binop(t);
            while (op >= 0 && PRIORITY[op][0] > limit) {
                int operator = t;
                boolean arithmetic = op <= 5;
                next();
                Double left = value;
                if (op == 14 || op == 6) {
                    discharge(left); // 'or' tests it in a register, '..' moves it to one
                    left = null;
                } else if (op == 13) {
                    left = null; // 'and' skips a numeral: it is always true
                }
                op = subexpr(PRIORITY[binop(operator)][1]);
                Double right = numeral;
                Double folded = arithmetic && left != null && right != null ? fold(operator, left, right) : null;
                if (folded == null) {
                    discharge(left);
                    discharge(right);
                }
                value = folded;
            }
            leaveLevel();
            numeral = value;
            return op;
        }

        private void simpleExp() {
            numeral = null;
            switch (t) {
                case NUMBER -> {
                    numeral = tNumber;
                    next();
                }
                case STRING -> {
                    stringConstant(tText);
                    next();
                }
                case NIL, TRUE, FALSE -> next();
                case DOTS -> {
                    if (!fs.vararg) throw syntaxError("cannot use '...' outside a vararg function");
                    next();
                }
                case '{' -> constructor();
                case FUNCTION -> {
                    next();
                    body(false, lexer.linenumber);
                }
                default -> primaryExp();
            }
        }

        private void prefixExp() {
            switch (t) {
                case '(' -> {
                    int line = lexer.linenumber;
                    next();
                    subexpr(0); // a parenthesised numeral is still a numeral
                    checkMatch(')', '(', line);
                }
                case NAME -> singleVar(checkName());
                default -> throw syntaxError("unexpected symbol");
            }
        }

        private Kind primaryExp() {
            Kind kind = t == NAME ? Kind.VAR : Kind.OTHER;
            numeral = null;
            prefixExp();
            Double inParentheses = numeral;
            numeral = null;
            if (t == '.' || t == '[' || t == ':' || t == '(' || t == STRING || t == '{') discharge(inParentheses);
            else numeral = inParentheses;
            while (true) {
                switch (t) {
                    case '.' -> {
                        field();
                        kind = Kind.VAR;
                    }
                    case '[' -> {
                        yindex();
                        kind = Kind.VAR;
                    }
                    case ':' -> {
                        next();
                        stringConstant(checkName());
                        funcArgs();
                        kind = Kind.CALL;
                    }
                    case '(', STRING, '{' -> {
                        funcArgs();
                        kind = Kind.CALL;
                    }
                    default -> {
                        return kind;
                    }
                }
            }
        }

        private void field() {
            next();
            stringConstant(checkName());
        }

        private void yindex() {
            next();
            expr();
            checkNext(']');
        }

        private void funcArgs() {
            int line = lexer.linenumber;
            switch (t) {
                case '(' -> {
                    if (line != lastline) throw syntaxError("ambiguous syntax (function call x new statement)");
                    next();
                    if (t != ')') explist();
                    checkMatch(')', '(', line);
                }
                case '{' -> constructor();
                case STRING -> {
                    stringConstant(tText);
                    next();
                }
                default -> throw syntaxError("function arguments expected");
            }
        }

        private void constructor() {
            int line = lexer.linenumber;
            checkNext('{');
            do {
                if (t == '}') break;
                switch (t) {
                    case NAME -> {
                        if (lookAhead() != '=') expr();
                        else recField();
                    }
                    case '[' -> recField();
                    default -> expr();
                }
            } while (testNext(',') || testNext(';'));
            checkMatch('}', '{', line);
        }

        private void recField() {
            if (t == NAME) stringConstant(checkName());
            else yindex();
            checkNext('=');
            expr();
        }

        private void body(boolean needSelf, int line) {
            fs = new Function(fs, line);
            if (needSelf) {
                newLocal("self", 0);
                activate(List.of("self"));
            }
            checkNext('(');
            List<String> params = new ArrayList<>();
            if (t != ')') {
                do {
                    switch (t) {
                        case NAME -> {
                            String name = checkName();
                            newLocal(name, params.size());
                            params.add(name);
                        }
                        case DOTS -> {
                            next();
                            newLocal("arg", params.size()); // LUA_COMPAT_VARARG's implicit 'arg'
                            params.add("arg");
                            fs.vararg = true;
                        }
                        default -> throw syntaxError("<name> or '...' expected");
                    }
                } while (!fs.vararg && testNext(','));
            }
            activate(params);
            checkNext(')');
            chunk();
            checkMatch(END, FUNCTION, line);
            closeFunction();
        }
    }
}
