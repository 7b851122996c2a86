package dev.txlab.lesson;

import dev.txlab.shell.TextWrap;
import dev.txlab.trace.Palette;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;
import org.jline.jansi.Ansi;

/**
 * Narration for the screen: the lessons' Markdown parsed by commonmark-java (with GFM tables)
 * and rendered as terminal text of a given width. Paragraphs and list items are wrapped at word
 * boundaries; tables are sized to the width (their cells wrapped, or, when even that cannot fit,
 * shown as one "column: value" block per row); code blocks are indented and left as written;
 * links show their text. With colour, headings and {@code **strong**} text are bold,
 * {@code *emphasis*} italic and {@code `code`} coloured; without, the markup is simply gone.
 */
public final class Narration {
    private Narration() {}

    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();
    private static final Pattern SUMMARY = Pattern.compile("(?is).*<summary>(.*?)</summary>.*");

    /** Renders Markdown lines at the default width. */
    static List<String> render(List<String> lines, Palette palette) {
        return render(lines, palette, TextWrap.DEFAULT_WIDTH);
    }

    /** Renders Markdown lines for a screen {@code width} columns wide. */
    public static List<String> render(List<String> lines, Palette palette, int width) {
        if (lines.isEmpty()) return List.of();
        Node document = PARSER.parse(String.join("\n", lines));
        Renderer r = new Renderer(palette, Math.max(20, width));
        r.blocks(document, "", "");
        while (!r.out.isEmpty() && r.out.get(r.out.size() - 1).isBlank()) r.out.remove(r.out.size() - 1);
        return r.out;
    }

    private static final class Renderer {
        final Palette palette;
        final boolean colour;
        final int width;
        final List<String> out = new ArrayList<>();

        Renderer(Palette palette, int width) {
            this.palette = palette;
            this.colour = palette != Palette.PLAIN;
            this.width = width;
        }

        /** Renders the children of {@code parent}, each block's first line after {@code first}, the rest after {@code rest}. */
        void blocks(Node parent, String first, String rest) {
            boolean firstBlock = true;
            for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
                if (!firstBlock && !(parent instanceof ListItem && isTight(parent))) blank();
                block(n, firstBlock ? first : rest, rest);
                firstBlock = false;
            }
        }

        private boolean isTight(Node item) {
            return item.getParent() instanceof BulletList b ? b.isTight()
                    : item.getParent() instanceof OrderedList o && o.isTight();
        }

        private void blank() {
            if (!out.isEmpty() && !out.get(out.size() - 1).isBlank()) out.add("");
        }

        void block(Node n, String first, String rest) {
            if (n instanceof Heading h) {
                paragraph(colour ? bold(inline(h)) : inline(h), first, rest);
            } else if (n instanceof Paragraph p) {
                paragraph(inline(p), first, rest);
            } else if (n instanceof BulletList || n instanceof OrderedList) {
                int number = n instanceof OrderedList o ? (o.getMarkerStartNumber() == null ? 1 : o.getMarkerStartNumber()) : 0;
                boolean firstItem = true;
                for (Node item = n.getFirstChild(); item != null; item = item.getNext()) {
                    String marker = n instanceof OrderedList ? (number++) + ". " : "- ";
                    String lead = firstItem ? first : rest;
                    blocks(item, lead + marker, rest + " ".repeat(marker.length()));
                    firstItem = false;
                }
            } else if (n instanceof FencedCodeBlock code) {
                code(code.getLiteral(), first, rest);
            } else if (n instanceof IndentedCodeBlock code) {
                code(code.getLiteral(), first, rest);
            } else if (n instanceof TableBlock table) {
                table(table, rest);
            } else if (n instanceof BlockQuote) {
                blocks(n, first + "| ", rest + "| ");
            } else if (n instanceof ThematicBreak) {
                out.add(rest + "-".repeat(Math.max(3, Math.min(width - rest.length(), 40))));
            } else if (n instanceof HtmlBlock html) {
                // <details><summary>Hint</summary> ... </details> as words: "Hint:"; other tags vanish.
                Matcher m = SUMMARY.matcher(html.getLiteral());
                if (m.matches()) out.add(first + m.group(1).replaceAll("<[^>]+>", "").strip() + ":");
            } else {
                blocks(n, first, rest);
            }
        }

        void paragraph(String text, String first, String rest) {
            for (String hard : text.split("\n", -1)) {
                out.addAll(TextWrap.wrap(first + hard, width, rest));
                first = rest;
            }
        }

        void code(String literal, String first, String rest) {
            String[] lines = literal.split("\n", -1);
            int n = lines.length;
            if (n > 0 && lines[n - 1].isEmpty()) n--;
            for (int i = 0; i < n; i++) {
                String indent = (i == 0 ? first : rest) + "    ";
                out.add(indent + (colour ? palette.command(lines[i]) : lines[i]));
            }
        }

        /** The inline content of a block as one styled string; hard breaks as newlines. */
        String inline(Node parent) {
            StringBuilder b = new StringBuilder();
            for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) inline(n, b);
            return b.toString();
        }

        void inline(Node n, StringBuilder b) {
            if (n instanceof Text t) {
                b.append(t.getLiteral());
            } else if (n instanceof Code c) {
                b.append(colour ? palette.key(c.getLiteral()) : c.getLiteral());
            } else if (n instanceof StrongEmphasis) {
                b.append(colour ? bold(inline(n)) : inline(n));
            } else if (n instanceof Emphasis) {
                b.append(colour ? italic(inline(n)) : inline(n));
            } else if (n instanceof SoftLineBreak) {
                b.append(' ');
            } else if (n instanceof HardLineBreak) {
                b.append('\n');
            } else if (n instanceof Link || n instanceof Image) {
                b.append(inline(n));
            } else if (n instanceof HtmlInline) {
                // <b>, <br> and the like: nothing to show
            } else {
                b.append(inline(n));
            }
        }

        String bold(String s) { return new Ansi().bold().a(s).reset().toString(); }

        String italic(String s) { return new Ansi().a(Ansi.Attribute.ITALIC).a(s).reset().toString(); }

        // ---- tables ---------------------------------------------------------------------------

        void table(TableBlock table, String indent) {
            List<List<String>> rows = new ArrayList<>();
            int header = 0;
            for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
                for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                    if (!(row instanceof TableRow)) continue;
                    List<String> cells = new ArrayList<>();
                    for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                        if (cell instanceof TableCell) cells.add(inline(cell).replace('\n', ' ').strip());
                    }
                    rows.add(cells);
                    if (section instanceof TableHead) header++;
                }
            }
            int columns = 0;
            for (List<String> r : rows) columns = Math.max(columns, r.size());
            for (List<String> r : rows) while (r.size() < columns) r.add("");
            boolean headerEmpty = header > 0 && rows.get(0).stream().allMatch(String::isBlank);
            int[] widths = fit(rows, columns, width - indent.length() - 3 * (columns - 1));
            if (widths == null) {
                records(rows, header, headerEmpty, indent);
                return;
            }
            // When a cell takes several lines, a spacer line keeps the rows apart.
            boolean tall = false;
            for (List<String> r : rows) {
                for (int c = 0; c < columns; c++) if (TextWrap.visibleWidth(r.get(c)) > widths[c]) tall = true;
            }
            for (int r = 0; r < rows.size(); r++) {
                if (r < header && headerEmpty) continue;
                if (tall && r > header) spacer(widths, indent);
                row(rows.get(r), widths, indent, r < header && colour);
                if (r == header - 1) {
                    StringBuilder rule = new StringBuilder(indent);
                    for (int c = 0; c < columns; c++) rule.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
                    out.add(rule.toString());
                }
            }
        }

        /** Column widths that fit {@code room}, cells wrapped but no word broken; null when none do. */
        int[] fit(List<List<String>> rows, int columns, int room) {
            int[] natural = new int[columns];
            int[] longestWord = new int[columns];
            for (List<String> r : rows) {
                for (int c = 0; c < columns; c++) {
                    natural[c] = Math.max(natural[c], TextWrap.visibleWidth(r.get(c)));
                    for (String w : r.get(c).split(" ")) longestWord[c] = Math.max(longestWord[c], TextWrap.visibleWidth(w));
                }
            }
            int[] widths = natural.clone();
            while (sum(widths) > room) {
                int widest = -1;
                for (int c = 0; c < columns; c++) {
                    if (widths[c] > Math.max(longestWord[c], 1) && (widest < 0 || widths[c] > widths[widest])) widest = c;
                }
                if (widest < 0) return null;
                widths[widest]--;
            }
            return widths;
        }

        private static int sum(int[] a) {
            int s = 0;
            for (int x : a) s += x;
            return s;
        }

        void row(List<String> cells, int[] widths, String indent, boolean bold) {
            List<List<String>> wrapped = new ArrayList<>();
            int height = 1;
            for (int c = 0; c < cells.size(); c++) {
                List<String> lines = cells.get(c).isEmpty() ? List.of("") : TextWrap.wrap(cells.get(c), widths[c], "");
                wrapped.add(lines);
                height = Math.max(height, lines.size());
            }
            for (int l = 0; l < height; l++) {
                StringBuilder line = new StringBuilder(indent);
                for (int c = 0; c < cells.size(); c++) {
                    String text = l < wrapped.get(c).size() ? wrapped.get(c).get(l) : "";
                    if (c > 0) line.append(" | ");
                    line.append(bold && !text.isEmpty() ? bold(text) : text);
                    if (c < cells.size() - 1) line.append(" ".repeat(Math.max(0, widths[c] - TextWrap.visibleWidth(text))));
                }
                out.add(line.toString().stripTrailing());
            }
        }

        void spacer(int[] widths, String indent) {
            StringBuilder line = new StringBuilder(indent);
            for (int c = 0; c < widths.length; c++) {
                if (c > 0) line.append(" | ");
                if (c < widths.length - 1) line.append(" ".repeat(widths[c]));
            }
            out.add(line.toString().stripTrailing());
        }

        /** A table too wide for the screen: each row as lines of "column: value". */
        void records(List<List<String>> rows, int header, boolean headerEmpty, String indent) {
            List<String> names = header > 0 && !headerEmpty ? rows.get(0) : null;
            boolean firstRecord = true;
            for (int r = header; r < rows.size(); r++) {
                if (!firstRecord) blank();
                firstRecord = false;
                List<String> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    String name = names == null || names.get(c).isBlank() ? "" : names.get(c) + ": ";
                    String lead = c == 0 ? "- " : "  ";
                    out.addAll(TextWrap.wrap(indent + lead + (colour && !name.isEmpty() ? bold(name) : name) + row.get(c), width,
                            indent + "    "));
                }
            }
        }
    }
}
