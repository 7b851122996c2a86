package dev.txlab.cli;

import java.io.Console;
import java.util.Locale;

/** Asks before something that cannot be undone, on a terminal; input that is not a terminal (a script) is not asked. */
final class Confirm {
    private Confirm() {}

    /** True when the answer is yes, or when there is no terminal to ask. */
    static boolean ask(String question) {
        Console console = System.console();
        if (console == null) return true;
        String answer = console.readLine("%s [y/N] ", question);
        return isYes(answer);
    }

    static boolean isYes(String answer) {
        if (answer == null) return false;
        String a = answer.strip().toLowerCase(Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }
}
