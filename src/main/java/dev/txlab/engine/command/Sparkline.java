package dev.txlab.engine.command;

import java.util.List;

/**
 * The ASCII graph LATENCY GRAPH draws (Redis's sparkline.c, filled style): each sample is a
 * column of {@code rows} lines using "_o#" for the top of the bar and '|' below it, then the
 * sample's label written downwards under a blank line; at most 80 columns per block.
 */
final class Sparkline {
    private static final String FILL = "_o#";
    private static final int COLUMNS = 80;

    private Sparkline() {}

    static String render(List<Long> values, List<String> labels, int rows) {
        if (values.isEmpty()) return "";
        long min = values.get(0);
        long max = values.get(0);
        for (long v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        boolean anyLabel = labels.stream().anyMatch(l -> l != null && !l.isEmpty());
        StringBuilder out = new StringBuilder();
        for (int start = 0; start < values.size(); start += COLUMNS) {
            int len = Math.min(COLUMNS, values.size() - start);
            if (start != 0) out.append('\n');
            block(out, values, labels, anyLabel, min, max, rows, start, len);
        }
        return out.toString();
    }

    private static void block(StringBuilder out, List<Long> values, List<String> labels, boolean anyLabel,
                              long min, long max, int rows, int offset, int len) {
        double range = max - min == 0 ? 1 : max - min;
        int steps = FILL.length() * rows;
        for (int row = 0; ; row++) {
            boolean more = false;
            char[] line = new char[len];
            java.util.Arrays.fill(line, ' ');
            for (int j = 0; j < len; j++) {
                long value = values.get(offset + j);
                int step = (int) ((value - min) * steps / range);
                step = Math.max(0, Math.min(steps - 1, step));
                if (row < rows) {
                    more = true;
                    int idx = step - (rows - row - 1) * FILL.length();
                    if (idx >= 0 && idx < FILL.length()) {
                        line[j] = FILL.charAt(idx);
                    } else if (idx >= FILL.length()) {
                        line[j] = '|';
                    }
                } else {
                    if (anyLabel && row - rows < 1) { // one blank line above the labels
                        more = true;
                        break;
                    }
                    String label = labels.get(offset + j);
                    int at = row - rows - 1;
                    if (label != null && label.length() > at) {
                        more = true;
                        line[j] = label.charAt(at);
                    }
                }
            }
            if (!more) return;
            out.append(line).append('\n');
        }
    }
}
