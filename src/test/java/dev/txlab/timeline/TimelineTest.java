package dev.txlab.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.trace.Palette;
import dev.txlab.transcript.EngineTarget;
import dev.txlab.transcript.TranscriptParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** Renders a known session (a WATCH race and a script) and compares the drawing line by line. */
class TimelineTest {
    static final String RACE = String.join("\n",
            "A> SET k 1",
            "A> WATCH k",
            "A> MULTI",
            "A> INCR k",
            "B> SET k 5",
            "A> EXEC",
            "B> EVAL \"redis.call('set','x','1') return redis.call('get','x')\" 0",
            "");

    static Timeline race() throws Exception {
        return TimelineReplay.record(new EngineTarget(new Engine(Clock.SYSTEM)), TranscriptParser.parse("race.tx", RACE.getBytes(StandardCharsets.UTF_8), 1));
    }

    @Test void drawsTheWatchRaceInAsciiAt80Columns() throws Exception {
        List<String> lines = TimelineReplay.draw(race(), 80, Palette.PLAIN, false);
        assertEquals(List.of(
                "   | A                            | B",
                "---+------------------------------+---------------------------------------------",
                " 1 | SET k 1 -> OK                |",
                " 2 | WATCH k -> OK                |",
                " 3 | MULTI -> OK                  |",
                " 4 | : INCR k -> QUEUED #1        |",
                " 5 |                              | SET k 5 -> OK [1]",
                " 6 | EXEC -> (nil) aborted by [1] |",
                " 7 |                              | +- EVAL \"redis.call('set','x','1') return~ +",
                "   |                              | | call set x 1 -> OK                       |",
                "   |                              | | call get x -> \"1\"                        |",
                "   |                              | +- -> \"1\" ---------------------------------+",
                "[1] step 5: B's SET k 5 wrote k, which A watches: A's EXEC at step 6 answered",
                "    (nil), nothing in its queue ran."), lines);
        for (String l : lines) assertTrue(l.length() <= 80, l);
    }

    @Test void fitsNarrowTerminals() throws Exception {
        for (int width : new int[] {40, 60, 120}) {
            for (String l : TimelineReplay.draw(race(), width, Palette.PLAIN, true)) {
                assertTrue(l.length() <= width, width + ": " + l);
            }
        }
    }

    @Test void svgAndHtmlAreWellFormed() throws Exception {
        Timeline t = race();
        for (String doc : List.of(TimelineSvg.svg(t, "race <&> test"))) {
            var factory = DocumentBuilderFactory.newInstance();
            factory.newDocumentBuilder().parse(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
            assertTrue(doc.contains("INCR"), doc);
        }
        String html = TimelineSvg.html(t, "race");
        assertTrue(html.contains("<svg"), html);
    }

    /** The SVG export renders: Batik draws it to pixels, and the picture has ink in every client's lane. */
    @Test void svgRendersToPixels() throws Exception {
        System.setProperty("java.awt.headless", "true");
        String svg = TimelineSvg.svg(race(), "race");
        final java.awt.image.BufferedImage[] drawn = new java.awt.image.BufferedImage[1];
        var transcoder = new org.apache.batik.transcoder.image.ImageTranscoder() {
            @Override public java.awt.image.BufferedImage createImage(int w, int h) {
                return new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_ARGB);
            }

            @Override public void writeImage(java.awt.image.BufferedImage image, org.apache.batik.transcoder.TranscoderOutput out) {
                drawn[0] = image;
            }
        };
        transcoder.transcode(new org.apache.batik.transcoder.TranscoderInput(new java.io.StringReader(svg)), null);
        java.awt.image.BufferedImage image = drawn[0];
        assertTrue(image != null && image.getWidth() > 100 && image.getHeight() > 100, "rendered " + image);
        // ink (a non-background pixel) in the left and the right half: both lanes were drawn
        int background = image.getRGB(0, 0);
        boolean left = false;
        boolean right = false;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) == background) continue;
                if (x < image.getWidth() / 2) left = true;
                else right = true;
            }
        }
        assertTrue(left && right, "ink in both halves");
    }
}
