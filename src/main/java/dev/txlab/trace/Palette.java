package dev.txlab.trace;

import org.jline.jansi.Ansi;

/**
 * How trace text is coloured. Renderers mark what a phrase is (a client, a key, bad news ...)
 * and the palette decides how it looks: {@link #PLAIN} leaves text alone (pipes, files,
 * --no-color), {@link #ANSI} colours it with Jansi for a terminal.
 */
public interface Palette {
    /** A client label such as A. */
    String client(String text);

    /** A key name. */
    String key(String text);

    /** A command as typed. */
    String command(String text);

    /** Something that did not happen or will fail: doomed, EXECABORT, (nil), failed. */
    String bad(String text);

    /** Something that was applied. */
    String good(String text);

    /** The comment marker and other quiet text. */
    String quiet(String text);

    Palette PLAIN = new Palette() {
        @Override public String client(String text) { return text; }
        @Override public String key(String text) { return text; }
        @Override public String command(String text) { return text; }
        @Override public String bad(String text) { return text; }
        @Override public String good(String text) { return text; }
        @Override public String quiet(String text) { return text; }
    };

    /** Colours for a terminal; every span resets itself, so spans never leak into replies. */
    Palette ANSI = new Palette() {
        @Override public String client(String text) { return new Ansi().bold().fgMagenta().a(text).reset().toString(); }
        @Override public String key(String text) { return new Ansi().fgCyan().a(text).reset().toString(); }
        @Override public String command(String text) { return new Ansi().bold().a(text).reset().toString(); }
        @Override public String bad(String text) { return new Ansi().bold().fgRed().a(text).reset().toString(); }
        @Override public String good(String text) { return new Ansi().fgGreen().a(text).reset().toString(); }
        @Override public String quiet(String text) { return new Ansi().a(Ansi.Attribute.INTENSITY_FAINT).a(text).reset().toString(); }
    };
}
