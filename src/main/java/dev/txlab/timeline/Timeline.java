package dev.txlab.timeline;

import java.util.List;

/**
 * A session drawn as swim lanes: who ran what, in which order. Built from the engine's trace
 * events by {@link TimelineRecorder}, drawn by {@link TimelineText} (terminal) and
 * {@link TimelineSvg} (a standalone SVG or HTML file). Time goes down: each {@link Step} is one
 * command a client sent, numbered in the order the server ran it.
 *
 * @param clients  the lanes, in the order the clients first appeared
 * @param steps    the commands, oldest first
 * @param touches  writes that touched a key another client watches, each linked to the EXEC it aborted
 * @param dropped  how many older steps were not kept (a long session keeps its last ones)
 */
public record Timeline(List<String> clients, List<Step> steps, List<Touch> touches, long dropped) {
    public Timeline {
        clients = List.copyOf(clients);
        steps = List.copyOf(steps);
        touches = List.copyOf(touches);
    }

    /** What kind of command a step was, which decides how it is drawn. */
    public enum Kind {
        /** Ran at once (outside MULTI), or WATCH/MULTI/DISCARD and the like. */
        COMMAND,
        /** MULTI: from here the client queues. */
        MULTI,
        /** Answered QUEUED inside MULTI: typed here, runs later inside EXEC. */
        QUEUED,
        /** Refused while queueing: the transaction is doomed (EXEC will answer EXECABORT). */
        REJECTED,
        /** EXEC that ran its queue: an atomic box listing what ran. */
        EXEC,
        /** EXEC that ran nothing: (nil) after a watched key was touched, or EXECABORT. */
        EXEC_ABORTED,
        /** DISCARD: the queue is thrown away. */
        DISCARD,
        /** EVAL and friends: an atomic box listing the script's redis.call's. */
        SCRIPT
    }

    /**
     * One command a client sent.
     *
     * @param number   1-based, in the order the server ran the commands
     * @param command  the command as typed (shown text, already escaped)
     * @param reply    its reply on one line, as {@code Describe.reply} shows it
     * @param bad      the reply is an error or a (nil) that means "did not happen"
     * @param inner    what ran inside an EXEC or a script, in order
     * @param position for QUEUED: its place in the queue (1-based)
     * @param marks    the {@link Touch} ids this step caused (its write touched a watched key)
     * @param abortedBy for an EXEC answered (nil): the touch that aborted it, or 0 when unknown
     */
    public record Step(int number, String client, Kind kind, String command, String reply, boolean bad,
                       List<Inner> inner, int position, List<Integer> marks, int abortedBy) {
        public Step {
            inner = List.copyOf(inner);
            marks = List.copyOf(marks);
        }
    }

    /** A command that ran inside an EXEC (from the queue) or a script (a redis.call). */
    public record Inner(String command, String reply, boolean failed) {}

    /**
     * A write that touched a key a client watches: that client's next EXEC answers (nil).
     *
     * @param id        1-based, shown as [id] on the write and on the EXEC it aborts
     * @param step      the step whose write touched the key
     * @param writer    who wrote it (null when the key expired or was flushed by the server)
     * @param key       the key
     * @param watcher   the client watching it
     * @param execStep  the watcher's EXEC that answered (nil) because of it, or 0 (not yet, or never)
     * @param cause     how it was touched, in words: "wrote", "expired" ...
     * @param command   the command that wrote it (null when none did)
     */
    public record Touch(int id, int step, String writer, String key, String watcher, int execStep, String cause, String command) {
        Touch withExec(int exec) { return new Touch(id, step, writer, key, watcher, exec, cause, command); }
    }

    /** The number of the first step kept. */
    public int firstStep() { return steps.isEmpty() ? 0 : steps.get(0).number(); }
}
