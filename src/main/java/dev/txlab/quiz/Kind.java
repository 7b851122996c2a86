package dev.txlab.quiz;

import java.util.Locale;

/** The kinds of card in the bank, by the name the bank files use. */
public enum Kind {
    CHOICE("choice"),
    TRUE_FALSE("truefalse"),
    SHORT("short"),
    PREDICT("predict"),
    FIX_IT("fixit");

    private final String fileName;

    Kind(String fileName) { this.fileName = fileName; }

    /** The name used in bank files ({@code kind: truefalse}). */
    public String fileName() { return fileName; }

    /** Whether the engine grades it by running commands (a template) rather than by comparing text. */
    public boolean isTemplate() { return this == PREDICT || this == FIX_IT; }

    public static Kind parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Kind k : values()) if (k.fileName.equals(n)) return k;
        return null;
    }
}
