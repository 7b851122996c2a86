package dev.txlab.transcript;

/** A transcript that cannot be read or parsed; the message names the file and line. */
public final class TranscriptException extends Exception {
    public TranscriptException(String source, int line, String problem) {
        super(line > 0 ? source + ":" + line + ": " + problem : source + ": " + problem);
    }
}
