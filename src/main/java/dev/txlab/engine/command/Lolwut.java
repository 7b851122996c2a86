package dev.txlab.engine.command;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.Reply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * LOLWUT, as lolwut.c, lolwut5.c and lolwut6.c draw it: VERSION 5 is Georg Nees's Schotter in
 * braille characters, VERSION 6 a city skyline in terminal colours, any other version (and the
 * default, 7) only the version line. The drawings are random where Redis's are (rand()), so only
 * their deterministic parts (Schotter's first two rows, every argument and limit) compare exactly.
 */
final class Lolwut {
    private Lolwut() {}

    /** lolwutCommand: VERSION is read only as the first argument, and its words are not passed on. */
    static Reply command(CommandContext ctx) {
        int first = 1;
        String version = Engine.REDIS_VERSION;
        if (ctx.argc() >= 3 && ctx.isOption(1, "version")) {
            // %u of a long: -1 is 4294967295, so only 4.9, 5.x, 5.9 and 6.x pick a drawing
            version = Integer.toUnsignedString((int) ctx.longArg(2)) + ".0.0";
            first = 3;
        }
        Random random = ctx.engine().random();
        if (version.startsWith("5.") && !version.startsWith("5.9") || version.startsWith("4.9")) {
            return schotter(ctx, first, random);
        }
        if (version.startsWith("6.") && !version.startsWith("6.9") || version.startsWith("5.9")) {
            return skyline(ctx, first, random);
        }
        return text("Redis ver. " + Engine.REDIS_VERSION + "\n");
    }

    /** The optional numeric argument at position i (counted from the first after VERSION), clamped as Redis clamps it. */
    private static long number(CommandContext ctx, int first, int i, long otherwise, long max) {
        long value = first + i < ctx.argc() ? ctx.longArg(first + i) : otherwise;
        return Math.max(1, Math.min(max, value));
    }

    // ---- VERSION 5: Schotter ---------------------------------------------------------------

    /** 32 MB of canvas, a 12 MB reply: VERSION 6's largest (1000 x 1000) is far below. */
    static final long MAX_PIXELS = 32L * 1024 * 1024;

    /** lolwut5Command: LOLWUT VERSION 5 [columns [squares-per-row [squares-per-column]]]. */
    private static Reply schotter(CommandContext ctx, int first, Random random) {
        int cols = (int) number(ctx, first, 0, 66, 1000);
        int perRow = (int) number(ctx, first, 1, 8, 200);
        int perCol = (int) number(ctx, first, 2, 12, 200);
        int width = cols * 2;
        int padding = width > 4 ? 2 : 0;
        float side = (float) (width - padding * 2) / perRow;
        int height = (int) (side * perCol + padding * 2);
        if ((long) width * height > MAX_PIXELS) {
            // e.g. 1000 columns of one square by 200: Redis allocates 800 MB and replies 300 MB
            return Reply.error("ERR txlab does not draw a LOLWUT canvas of more than " + MAX_PIXELS + " pixels (this one has "
                    + (long) width * height + "); fewer columns or more squares per row make it smaller");
        }
        Canvas canvas = new Canvas(width, height, 0);
        for (int y = 0; y < perCol; y++) {
            for (int x = 0; x < perRow; x++) {
                int sx = (int) (x * side + side / 2 + padding);
                int sy = (int) (y * side + side / 2 + padding);
                float angle = 0;
                // the rows below the first two turn and shift more the lower they are
                if (y > 1) {
                    float r1 = unit(random) / perCol * y;
                    float r2 = unit(random) / perCol * y;
                    float r3 = unit(random) / perCol * y;
                    if (random.nextBoolean()) r1 = -r1;
                    if (random.nextBoolean()) r2 = -r2;
                    if (random.nextBoolean()) r3 = -r3;
                    angle = r1;
                    sx = (int) (sx + r2 * side / 3);
                    sy = (int) (sy + r3 * side / 3);
                }
                canvas.square(sx, sy, side, angle);
            }
        }
        StringBuilder out = new StringBuilder();
        // one braille character holds 2x4 pixels
        for (int y = 0; y < canvas.height; y += 4) {
            for (int x = 0; x < canvas.width; x += 2) {
                int dots = canvas.get(x, y) | canvas.get(x, y + 1) << 1 | canvas.get(x, y + 2) << 2
                        | canvas.get(x + 1, y) << 3 | canvas.get(x + 1, y + 1) << 4 | canvas.get(x + 1, y + 2) << 5
                        | canvas.get(x, y + 3) << 6 | canvas.get(x + 1, y + 3) << 7;
                out.append((char) (0x2800 + dots));
            }
            if (y != canvas.height - 1) out.append('\n');
        }
        out.append("\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. ").append(Engine.REDIS_VERSION).append('\n');
        return text(out.toString());
    }

    /** (float) rand() / RAND_MAX: a float in [0, 1]. */
    private static float unit(Random random) {
        return (float) random.nextInt(Integer.MAX_VALUE) / (float) Integer.MAX_VALUE;
    }

    // ---- VERSION 6: a skyline --------------------------------------------------------------

    private static final String[] GREYS = {"0;30;40m", "0;90;100m", "0;37;47m", "0;97;107m"};

    /** lolwut6Command: LOLWUT VERSION 6 [columns [rows]]. */
    private static Reply skyline(CommandContext ctx, int first, Random random) {
        int cols = (int) number(ctx, first, 0, 80, 1000);
        int rows = (int) number(ctx, first, 1, 20, 1000);
        Canvas canvas = new Canvas(cols, rows, 3);
        // two grey rows of buildings behind, the lighter farther back, then black ones with windows
        for (int color = 2; color >= 1; color--) {
            for (int offset = -10; offset < canvas.width; ) {
                offset += random.nextInt(8);
                int width = 10 + random.nextInt(9);
                int height = color == 2 ? canvas.height / 2 + random.nextInt(canvas.height) / 2
                        : canvas.height / 2 + random.nextInt(canvas.height) / 3;
                canvas.skyscraper(offset, width, height, false, color, random);
                offset += color == 2 ? width / 2 : width + 1;
            }
        }
        for (int offset = -10; offset < canvas.width; ) {
            offset += random.nextInt(8);
            int width = 5 + random.nextInt(14);
            if (width % 4 != 0) width += width % 3;
            int height = canvas.height / 3 + random.nextInt(canvas.height) / 2;
            canvas.skyscraper(offset, width, height, true, 0, random);
            offset += width + 5;
        }
        StringBuilder out = new StringBuilder();
        for (int y = 0; y < canvas.height; y++) {
            // both colours set, so terminals agree on what a grey looks like
            for (int x = 0; x < canvas.width; x++) out.append("\033[").append(GREYS[canvas.get(x, y)]).append(" \033[0m");
            if (y != canvas.height - 1) out.append('\n');
        }
        out.append("\nDedicated to the 8 bit game developers of past and present.\n"
                + "Original 8 bit image from Plaguemon by hikikomori. Redis ver. ").append(Engine.REDIS_VERSION).append('\n');
        return text(out.toString());
    }

    private static Reply text(String s) {
        return new Reply.Verbatim("txt", s.getBytes(StandardCharsets.UTF_8));
    }

    /** lwCanvas: one byte per pixel; drawing outside it is ignored, reading outside it is 0. */
    private static final class Canvas {
        final int width;
        final int height;
        private final byte[] pixels;

        Canvas(int width, int height, int background) {
            this.width = width;
            this.height = height;
            this.pixels = new byte[Math.max(0, width * height)];
            java.util.Arrays.fill(pixels, (byte) background);
        }

        int get(int x, int y) {
            return x < 0 || x >= width || y < 0 || y >= height ? 0 : pixels[x + y * width];
        }

        void set(int x, int y, int color) {
            if (x >= 0 && x < width && y >= 0 && y < height) pixels[x + y * width] = (byte) color;
        }

        /** Bresenham's line. */
        void line(int x1, int y1, int x2, int y2) {
            int dx = Math.abs(x2 - x1), dy = Math.abs(y2 - y1);
            int sx = x1 < x2 ? 1 : -1, sy = y1 < y2 ? 1 : -1;
            int err = dx - dy;
            while (true) {
                set(x1, y1, 1);
                if (x1 == x2 && y1 == y2) break;
                int e2 = err * 2;
                if (e2 > -dy) {
                    err -= dy;
                    x1 += sx;
                }
                if (e2 < dx) {
                    err += dx;
                    y1 += sy;
                }
            }
        }

        /** lwDrawSquare: a square of this side centred at x, y, turned by angle (float arithmetic, as in C). */
        void square(int x, int y, float side, float angle) {
            float size = (float) (side / 1.4142135623);
            size = (float) cRound(size);
            int[] px = new int[4], py = new int[4];
            float k = (float) (Math.PI / 4 + angle);
            for (int j = 0; j < 4; j++) {
                px[j] = (int) cRound(Math.sin(k) * size + x);
                py[j] = (int) cRound(Math.cos(k) * size + y);
                k = (float) (k + Math.PI / 2);
            }
            for (int j = 0; j < 4; j++) line(px[j], py[j], px[(j + 1) % 4], py[(j + 1) % 4]);
        }

        /** generateSkyscraper: a roof two pixels narrower each side; windows two pixels wide, one tall. */
        void skyscraper(int xoff, int width, int height, boolean windows, int color, Random random) {
            int starty = this.height - 1;
            int endy = starty - height + 1;
            for (int y = starty; y >= endy; y--) {
                for (int x = xoff; x < xoff + width; x++) {
                    if (y == endy && (x <= xoff + 1 || x >= xoff + width - 2)) continue;
                    int c = color;
                    if (windows && x > xoff + 1 && x < xoff + width - 2 && y > endy + 1 && y < starty - 1) {
                        int relx = x - (xoff + 1);
                        int rely = y - (endy + 1);
                        if ((relx / 2) % 2 != 0 && rely % 2 != 0) {
                            do {
                                c = 1 + random.nextInt(2);
                            } while (c == color);
                            if (relx % 2 != 0) c = get(x - 1, y);
                        }
                    }
                    set(x, y, c);
                }
            }
        }

        /** C's round(): halves away from zero (Math.round takes -2.5 to -2). */
        private static double cRound(double v) {
            return v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
        }
    }
}
