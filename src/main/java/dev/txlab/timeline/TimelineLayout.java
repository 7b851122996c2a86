package dev.txlab.timeline;

import java.util.ArrayList;
import java.util.List;

/**
 * A timeline cut into rows, the form both the terminal and the SVG drawings share: each row
 * belongs to one step and fills one lane (the step's client); the other lanes are empty on it,
 * which is the point of an atomic box: while a client's EXEC or script runs, no other lane has
 * anything on its rows. Texts are plain (no colour); a {@link Style} says what each piece is.
 */
final class TimelineLayout {
    private TimelineLayout() {}

    enum Style { COMMAND, REPLY, BAD, GOOD, QUIET, MARK }

    /** How a row sits in an atomic box: not in one, its top (title), a line inside, its bottom. */
    enum Frame { NONE, TOP, MID, BOTTOM }

    record Seg(String text, Style style) {}

    /**
     * @param step   the step's number, on the step's first row only (else 0)
     * @param lane   the index of the client's lane
     * @param frame  box framing
     * @param queued inside MULTI, before EXEC: drawn with a dotted margin (typed, not run)
     * @param segs   the row's text pieces
     */
    record Row(int step, int lane, Frame frame, boolean queued, List<Seg> segs) {
        int length() {
            int n = 0;
            for (Seg s : segs) n += s.text().length();
            return n;
        }
    }

    /** The rows of a timeline; {@code arrow} is how "answered" is drawn ("→" or "->"). */
    static List<Row> rows(Timeline t, String arrow) {
        List<Row> rows = new ArrayList<>();
        List<String> lanes = t.clients();
        java.util.Set<String> queueing = new java.util.HashSet<>();
        for (Timeline.Step s : t.steps()) {
            int lane = lanes.indexOf(s.client());
            List<Seg> marks = marks(s);
            switch (s.kind()) {
                case EXEC, SCRIPT -> {
                    queueing.remove(s.client());
                    boolean script = s.kind() == Timeline.Kind.SCRIPT;
                    rows.add(new Row(s.number(), lane, Frame.TOP, false,
                            List.of(new Seg(script ? s.command() : "EXEC", Style.COMMAND),
                                    new Seg(script ? " (script, atomic)" : " (atomic)", Style.QUIET))));
                    for (Timeline.Inner in : s.inner()) {
                        List<Seg> segs = new ArrayList<>();
                        segs.add(new Seg(in.command(), Style.COMMAND));
                        segs.add(new Seg(" " + arrow + " ", Style.QUIET));
                        segs.add(new Seg(in.reply(), in.failed() ? Style.BAD : Style.REPLY));
                        rows.add(new Row(0, lane, Frame.MID, false, segs));
                    }
                    if (s.inner().isEmpty()) {
                        rows.add(new Row(0, lane, Frame.MID, false, List.of(new Seg(script ? "(no redis.call)" : "(empty queue)", Style.QUIET))));
                    }
                    List<Seg> bottom = new ArrayList<>();
                    if (script) {
                        bottom.add(new Seg(arrow + " ", Style.QUIET));
                        bottom.add(new Seg(s.reply(), s.bad() ? Style.BAD : Style.GOOD));
                    } else {
                        long failed = s.inner().stream().filter(Timeline.Inner::failed).count();
                        bottom.add(new Seg("ran " + s.inner().size() + (failed > 0 ? ", " + failed + " failed" : ""),
                                failed > 0 ? Style.BAD : Style.GOOD));
                    }
                    bottom.addAll(marks);
                    rows.add(new Row(0, lane, Frame.BOTTOM, false, bottom));
                }
                default -> {
                    boolean queued = queueing.contains(s.client());
                    if (s.kind() == Timeline.Kind.MULTI) queueing.add(s.client());
                    if (s.kind() == Timeline.Kind.EXEC_ABORTED || s.kind() == Timeline.Kind.DISCARD) {
                        queueing.remove(s.client());
                        queued = false;
                    }
                    List<Seg> head = new ArrayList<>();
                    head.add(new Seg(s.command(), Style.COMMAND));
                    List<Seg> answer = new ArrayList<>();
                    answer.add(new Seg(s.reply() + (s.kind() == Timeline.Kind.QUEUED ? " #" + s.position() : ""),
                            s.bad() ? Style.BAD : s.kind() == Timeline.Kind.QUEUED ? Style.QUIET : Style.REPLY));
                    if (s.kind() == Timeline.Kind.QUEUED && s.bad()) answer.add(new Seg(" (doomed)", Style.BAD));
                    if (s.kind() == Timeline.Kind.REJECTED) answer.add(new Seg(" (dooms the transaction)", Style.BAD));
                    if (s.kind() == Timeline.Kind.EXEC_ABORTED && s.abortedBy() > 0) {
                        answer.add(new Seg(" aborted by [" + s.abortedBy() + "]", Style.MARK));
                    } else if (s.kind() == Timeline.Kind.EXEC_ABORTED) {
                        answer.add(new Seg(" nothing ran", Style.BAD));
                    }
                    answer.addAll(marks);
                    List<Seg> one = new ArrayList<>(head);
                    one.add(new Seg(" " + arrow + " ", Style.QUIET));
                    one.addAll(answer);
                    rows.add(new Row(s.number(), lane, Frame.NONE, queued, one));
                }
            }
        }
        return rows;
    }

    /** "[1]" for each watched key this step's write touched. */
    private static List<Seg> marks(Timeline.Step s) {
        List<Seg> out = new ArrayList<>();
        for (int id : s.marks()) out.add(new Seg(" [" + id + "]", Style.MARK));
        return out;
    }

    /** The notes under a drawing: one line per touch, saying which EXEC it aborted. */
    static List<String> legend(Timeline t) {
        List<String> out = new ArrayList<>();
        if (t.dropped() > 0) out.add("(the first " + t.dropped() + " steps are not shown: only the last ones are kept)");
        for (Timeline.Touch touch : t.touches()) {
            String who = touch.writer() == null ? "the server" : touch.writer() + "'s " + (touch.command() == null ? "command" : touch.command());
            String then;
            if (touch.execStep() > 0) {
                then = touch.watcher() + "'s EXEC at step " + touch.execStep() + " answered (nil), nothing in its queue ran.";
            } else if (touch.execStep() == 0) {
                then = touch.watcher() + "'s next EXEC will answer (nil).";
            } else {
                then = touch.watcher() + "'s watch ended before it aborted anything.";
            }
            out.add("[" + touch.id() + "] step " + touch.step() + ": " + who + " " + touch.cause() + " " + touch.key()
                    + ", which " + touch.watcher() + " watches: " + then);
        }
        return out;
    }
}
