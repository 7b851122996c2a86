package dev.txlab.timeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a {@link Timeline} as a standalone SVG image (or an HTML page holding it) that a learner
 * can keep in their notes: the same lanes, rows and atomic boxes as the terminal drawing, plus an
 * arrow from each write that touched a watched key to the EXEC it aborted. Self-contained: no
 * scripts, no external fonts or style sheets.
 */
public final class TimelineSvg {
    private TimelineSvg() {}

    static final int CHAR = 8;
    static final int ROW = 20;
    static final int PAD = 12;
    static final int NUMBER = 4 * CHAR;
    /** A lane is at most this many characters wide; longer texts are cut with an ellipsis. */
    static final int MAX_LANE_CHARS = 64;

    public static String svg(Timeline t, String title) {
        List<TimelineLayout.Row> rows = TimelineLayout.rows(t, "→");
        int lanes = Math.max(1, t.clients().size());
        int[] chars = new int[lanes];
        for (int i = 0; i < t.clients().size(); i++) chars[i] = Math.max(12, t.clients().get(i).length());
        for (TimelineLayout.Row r : rows) {
            int need = r.length() + (r.frame() == TimelineLayout.Frame.NONE ? (r.queued() ? 2 : 0) : 4);
            chars[r.lane()] = Math.min(MAX_LANE_CHARS, Math.max(chars[r.lane()], need));
        }
        int[] x = new int[lanes + 1];
        x[0] = PAD + NUMBER;
        for (int i = 0; i < lanes; i++) x[i + 1] = x[i] + chars[i] * CHAR + 3 * CHAR;
        List<String> legend = TimelineLayout.legend(t);
        int top = PAD + 2 * ROW + ROW; // title, lane names
        int width = x[lanes] + PAD;
        int legendWidth = 0;
        for (String l : legend) legendWidth = Math.max(legendWidth, l.length() * CHAR + 2 * PAD);
        width = Math.max(width, Math.min(legendWidth, 1600));
        int height = top + rows.size() * ROW + PAD + (legend.isEmpty() ? 0 : ROW / 2 + legend.size() * ROW) + PAD;

        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"13\">\n");
        s.append("<title>").append(esc(title)).append("</title>\n");
        s.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\""
                + " orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#c62828\"/></marker></defs>\n");
        s.append("<style>.cmd{font-weight:bold;fill:#1a1a1a}.reply{fill:#1a1a1a}.bad{fill:#c62828;font-weight:bold}"
                + ".good{fill:#2e7d32}.quiet{fill:#777}.mark{fill:#c62828;font-weight:bold}.client{fill:#8e24aa;font-weight:bold}"
                + ".lane{stroke:#ccc;stroke-width:1}.box{fill:#fff8e1;stroke:#f9a825;stroke-width:1.5}"
                + ".queued{stroke:#999;stroke-width:1.5;stroke-dasharray:2,3}.link{fill:none;stroke:#c62828;stroke-width:1.5;stroke-dasharray:5,3}"
                + "</style>\n");
        s.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"#ffffff\"/>\n");
        s.append(text(PAD, PAD + 14, "quiet", title));
        int namesY = PAD + 2 * ROW;
        for (int i = 0; i < t.clients().size(); i++) {
            s.append(text(x[i] + CHAR, namesY, "client", t.clients().get(i)));
        }
        int bottom = top + rows.size() * ROW;
        for (int i = 0; i <= lanes; i++) {
            s.append("<line class=\"lane\" x1=\"").append(x[i]).append("\" y1=\"").append(namesY + 6).append("\" x2=\"")
                    .append(x[i]).append("\" y2=\"").append(bottom).append("\"/>\n");
        }
        Map<Integer, int[]> stepAt = new HashMap<>(); // step number -> {y, lane}
        int[] boxTop = new int[lanes];
        StringBuilder texts = new StringBuilder();
        StringBuilder shapes = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            TimelineLayout.Row r = rows.get(i);
            int y = top + i * ROW;
            int baseline = y + 14;
            if (r.step() > 0) {
                texts.append(text(PAD, baseline, "quiet", String.valueOf(r.step())));
                stepAt.put(r.step(), new int[] {y + ROW / 2, r.lane()});
            }
            int left = x[r.lane()] + CHAR;
            int room = chars[r.lane()];
            switch (r.frame()) {
                case TOP -> boxTop[r.lane()] = y;
                case BOTTOM -> shapes.append("<rect class=\"box\" x=\"").append(x[r.lane()] + CHAR / 2).append("\" y=\"")
                        .append(boxTop[r.lane()] + 2).append("\" width=\"").append(x[r.lane() + 1] - x[r.lane()] - CHAR)
                        .append("\" height=\"").append(y + ROW - boxTop[r.lane()] - 4).append("\" rx=\"4\"/>\n");
                default -> { }
            }
            if (r.frame() != TimelineLayout.Frame.NONE) {
                left += CHAR;
                room -= 2;
            }
            if (r.queued()) {
                shapes.append("<line class=\"queued\" x1=\"").append(left).append("\" y1=\"").append(y + 2).append("\" x2=\"")
                        .append(left).append("\" y2=\"").append(y + ROW - 2).append("\"/>\n");
                left += 2 * CHAR;
                room -= 2;
            }
            texts.append(segments(left, baseline, r.segs(), room));
        }
        s.append(shapes);
        s.append(texts);
        for (Timeline.Touch touch : t.touches()) {
            int[] from = stepAt.get(touch.step());
            int[] to = touch.execStep() > 0 ? stepAt.get(touch.execStep()) : null;
            if (from == null || to == null) continue;
            int x1 = from[1] < to[1] ? x[from[1] + 1] - CHAR : x[from[1]] + CHAR;
            int x2 = from[1] < to[1] ? x[to[1]] + CHAR : x[to[1] + 1] - CHAR;
            if (from[1] == to[1]) x2 = x1 = x[from[1] + 1] - CHAR;
            int bend = from[1] == to[1] ? x1 + 3 * CHAR : (x1 + x2) / 2;
            s.append("<path class=\"link\" marker-end=\"url(#arrow)\" d=\"M").append(x1).append(',').append(from[0])
                    .append(" C").append(bend).append(',').append(from[0]).append(' ').append(bend).append(',').append(to[0])
                    .append(' ').append(x2).append(',').append(to[0]).append("\"><title>[").append(touch.id())
                    .append("] aborts step ").append(touch.execStep()).append("</title></path>\n");
        }
        int y = bottom + PAD + ROW / 2;
        for (String l : legend) {
            s.append(text(PAD, y + 14, "quiet", l));
            y += ROW;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** An HTML page holding the SVG, for a browser or a notes app. */
    public static String html(Timeline t, String title) {
        String svg = svg(t, title);
        svg = svg.substring(svg.indexOf("<svg"));
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title) + "</title>\n"
                + "<style>body{font-family:sans-serif;margin:2em;background:#fafafa}</style>\n</head>\n<body>\n<h1>"
                + esc(title) + "</h1>\n" + svg + "</body>\n</html>\n";
    }

    private static String segments(int x, int baseline, List<TimelineLayout.Seg> segs, int room) {
        StringBuilder out = new StringBuilder("<text x=\"").append(x).append("\" y=\"").append(baseline)
                .append("\" xml:space=\"preserve\">");
        int used = 0;
        int total = 0;
        for (TimelineLayout.Seg seg : segs) total += seg.text().length();
        int budget = total <= room ? room : room - 1;
        for (TimelineLayout.Seg seg : segs) {
            if (used >= budget) break;
            String text = seg.text().length() <= budget - used ? seg.text() : seg.text().substring(0, budget - used);
            used += text.length();
            out.append("<tspan class=\"").append(seg.style().name().toLowerCase(java.util.Locale.ROOT)).append("\">")
                    .append(esc(text)).append("</tspan>");
        }
        if (total > room) out.append("<tspan class=\"quiet\">…</tspan>");
        return out.append("</text>\n").toString();
    }

    private static String text(int x, int y, String cls, String text) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" class=\"" + cls + "\" xml:space=\"preserve\">" + esc(text) + "</text>\n";
    }

    /** XML text: the five special characters escaped, and characters XML cannot hold replaced. */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c < 0x20 && c != '\t' ? '?' : c);
            }
        }
        return out.toString();
    }

    /** Unused rows helper kept small: the list of step numbers drawn, for tests. */
    static List<Integer> stepNumbers(Timeline t) {
        List<Integer> out = new ArrayList<>();
        for (Timeline.Step s : t.steps()) out.add(s.number());
        return out;
    }
}
