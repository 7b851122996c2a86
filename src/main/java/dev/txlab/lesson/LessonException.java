package dev.txlab.lesson;

/** A lesson file that cannot be read or parsed; the message is one line naming the file and line. */
public final class LessonException extends Exception {
    public LessonException(String source, int line, String problem) {
        super(line > 0 ? source + ":" + line + ": " + problem : source + ": " + problem);
    }

    /** A message that already names the file and line (from the transcript parser). */
    LessonException(String message) {
        super(message);
    }
}
