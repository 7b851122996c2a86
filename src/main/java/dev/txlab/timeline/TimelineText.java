package dev.txlab.timeline;

import dev.txlab.trace.Palette;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link Timeline} for a terminal: a column of step numbers, then one lane per client,
 * time going down, fitted to a width. With {@code unicode} it uses box-drawing characters;
 * without, plain ASCII (for {@code --no-color}, {@code NO_COLOR} and files). Colour comes from
 * the palette ({@link Palette#PLAIN} for none).
 */
public final class TimelineText {
    private final Palette palette;
    private final boolean unicode;
    private final String arrow;

    public TimelineText(Palette palette, boolean unicode) {
        this.palette = palette;
        this.unicode = unicode;
        this.arrow = unicode ? "→" : "->";
    }

    /** The narrowest a lane gets, whatever the width. */
    static final int MIN_LANE = 10;

    /** The drawing, each line at most {@code width} columns (unless there are too many clients for it). */
    public List<String> render(Timeline t, int width) {
        List<String> out = new ArrayList<>();
        if (t.steps().isEmpty()) {
            out.add("Nothing to draw yet: run some commands first (B> CMD runs one as client B).");
            return out;
        }
        List<TimelineLayout.Row> rows = TimelineLayout.rows(t, arrow);
        int lanes = t.clients().size();
        int numberWidth = Math.max(2, String.valueOf(t.steps().get(t.steps().size() - 1).number()).length());
        int[] natural = new int[lanes];
        for (int i = 0; i < lanes; i++) natural[i] = Math.max(MIN_LANE, t.clients().get(i).length());
        for (TimelineLayout.Row r : rows) {
            int need = r.length() + (r.frame() == TimelineLayout.Frame.NONE ? (r.queued() ? 2 : 0) : 5);
            natural[r.lane()] = Math.max(natural[r.lane()], need);
        }
        int available = width - numberWidth - 3 * lanes;
        int[] lane = fit(natural, available);
        // Long rows outside boxes go on two lines (the command, then its reply) rather than being cut.
        List<TimelineLayout.Row> wrapped = new ArrayList<>();
        for (TimelineLayout.Row r : rows) {
            int room = lane[r.lane()] - (r.queued() ? 2 : 0);
            int split = splitAt(r);
            if (r.frame() == TimelineLayout.Frame.MID) room = lane[r.lane()] - 4;
            if ((r.frame() == TimelineLayout.Frame.NONE || r.frame() == TimelineLayout.Frame.MID) && r.length() > room && split > 0) {
                wrapped.add(new TimelineLayout.Row(r.step(), r.lane(), r.frame(), r.queued(), r.segs().subList(0, split)));
                List<TimelineLayout.Seg> rest = new ArrayList<>();
                rest.add(new TimelineLayout.Seg("  " + arrow + " ", TimelineLayout.Style.QUIET));
                rest.addAll(r.segs().subList(split + 1, r.segs().size()));
                wrapped.add(new TimelineLayout.Row(0, r.lane(), r.frame(), r.queued(), rest));
            } else {
                wrapped.add(r);
            }
        }
        String bar = unicode ? "│" : "|";
        StringBuilder head = new StringBuilder(" ".repeat(numberWidth));
        StringBuilder rule = new StringBuilder((unicode ? "─" : "-").repeat(numberWidth));
        for (int i = 0; i < lanes; i++) {
            String name = cut(t.clients().get(i), lane[i]);
            head.append(' ').append(palette.quiet(bar)).append(' ').append(palette.client(name)).append(" ".repeat(lane[i] - name.length()));
            rule.append(unicode ? "─┼─" : "-+-").append((unicode ? "─" : "-").repeat(lane[i]));
        }
        out.add(stripRight(head.toString()));
        out.add(palette.quiet(rule.toString()));
        for (TimelineLayout.Row r : wrapped) {
            StringBuilder line = new StringBuilder();
            String n = r.step() == 0 ? "" : String.valueOf(r.step());
            line.append(" ".repeat(numberWidth - n.length())).append(palette.quiet(n));
            for (int i = 0; i < lanes; i++) {
                line.append(' ').append(palette.quiet(bar)).append(' ');
                line.append(i == r.lane() ? cell(r, lane[i]) : " ".repeat(lane[i]));
            }
            out.add(stripRight(line.toString()));
        }
        for (String l : TimelineLayout.legend(t)) out.addAll(wrap(l, Math.max(20, width)));
        return out;
    }

    /** Index of the " → " piece between a command and its reply, or -1. */
    private int splitAt(TimelineLayout.Row r) {
        for (int i = 1; i < r.segs().size() - 1; i++) {
            if (r.segs().get(i).text().equals(" " + arrow + " ")) return i;
        }
        return -1;
    }

    /** Lane widths: each its natural width when they all fit, else the widest ones cut to a common cap. */
    static int[] fit(int[] natural, int available) {
        int total = 0;
        for (int w : natural) total += w;
        if (total <= available) return natural.clone();
        int lo = MIN_LANE;
        int hi = 0;
        for (int w : natural) hi = Math.max(hi, w);
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            int sum = 0;
            for (int w : natural) sum += Math.min(w, mid);
            if (sum <= available) lo = mid;
            else hi = mid - 1;
        }
        int[] out = new int[natural.length];
        for (int i = 0; i < natural.length; i++) out[i] = Math.max(MIN_LANE, Math.min(natural[i], lo));
        return out;
    }

    /** One row in its lane, exactly {@code w} columns wide. */
    private String cell(TimelineLayout.Row r, int w) {
        String h = unicode ? "─" : "-";
        switch (r.frame()) {
            case TOP, BOTTOM -> {
                String corner1 = unicode ? (r.frame() == TimelineLayout.Frame.TOP ? "┌" : "└") : "+";
                String corner2 = unicode ? (r.frame() == TimelineLayout.Frame.TOP ? "┐" : "┘") : "+";
                int[] used = new int[1];
                String text = styled(r.segs(), Math.max(0, w - 5), used);
                int dashes = Math.max(0, w - 5 - used[0]);
                return palette.quiet(corner1 + h + " ") + text + " " + palette.quiet(h.repeat(dashes) + corner2);
            }
            case MID -> {
                String v = unicode ? "│" : "|";
                int[] used = new int[1];
                String text = styled(r.segs(), Math.max(0, w - 4), used);
                return palette.quiet(v) + " " + text + " ".repeat(Math.max(0, w - 4 - used[0])) + " " + palette.quiet(v);
            }
            default -> {
                String margin = r.queued() ? palette.quiet(unicode ? "┆ " : ": ") : "";
                int room = w - (r.queued() ? 2 : 0);
                int[] used = new int[1];
                String text = styled(r.segs(), room, used);
                return margin + text + " ".repeat(Math.max(0, room - used[0]));
            }
        }
    }

    /** The pieces coloured, cut to {@code max} columns with an ellipsis; {@code used[0]} gets the plain length. */
    private String styled(List<TimelineLayout.Seg> segs, int max, int[] used) {
        int total = 0;
        for (TimelineLayout.Seg s : segs) total += s.text().length();
        String ellipsis = unicode ? "…" : "~";
        int budget = total <= max ? max : Math.max(0, max - ellipsis.length());
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (TimelineLayout.Seg s : segs) {
            if (n >= budget) break;
            String text = s.text().length() <= budget - n ? s.text() : s.text().substring(0, budget - n);
            n += text.length();
            out.append(paint(s.style(), text));
        }
        if (total > max && max >= ellipsis.length()) {
            out.append(palette.quiet(ellipsis));
            n += ellipsis.length();
        }
        used[0] = n;
        return out.toString();
    }

    private String paint(TimelineLayout.Style style, String text) {
        if (text.isEmpty()) return text;
        return switch (style) {
            case COMMAND -> palette.command(text);
            case REPLY -> text;
            case BAD, MARK -> palette.bad(text);
            case GOOD -> palette.good(text);
            case QUIET -> palette.quiet(text);
        };
    }

    /** A legend line wrapped at spaces to {@code width}, continuation lines indented. */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        String indent = "";
        while (indent.length() + text.length() > width) {
            int room = width - indent.length();
            int cut = text.lastIndexOf(' ', room);
            if (cut <= 0) cut = room;
            out.add(indent + text.substring(0, cut));
            text = text.substring(cut).stripLeading();
            indent = "    ";
        }
        out.add(indent + text);
        return out;
    }

    private static String cut(String text, int max) { return text.length() <= max ? text : text.substring(0, max); }

    private static String stripRight(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') end--;
        return s.substring(0, end);
    }
}
