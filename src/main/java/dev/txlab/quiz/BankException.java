package dev.txlab.quiz;

/** A bank file that cannot be read or parsed; the message names the file and line. */
public final class BankException extends Exception {
    public BankException(String source, int line, String problem) {
        super(line > 0 ? source + ":" + line + ": " + problem : source + ": " + problem);
    }
}
