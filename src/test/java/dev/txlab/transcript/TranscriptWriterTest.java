package dev.txlab.transcript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txlab.protocol.ArgSplitter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A written transcript reads back as the same steps, whatever bytes the arguments hold. */
class TranscriptWriterTest {

    static List<byte[]> split(String line) { return ArgSplitter.split(line).orElseThrow(); }

    @Test
    void aCommandIsWrittenAsTypedWhenItSplitsBackTheSame() throws Exception {
        TranscriptWriter.Entry e = new TranscriptWriter.Entry("B", "SET k \"two words\"", split("SET k \"two words\""), List.of("OK"));
        byte[] bytes = TranscriptWriter.format(List.of("a comment"), List.of(e));
        assertEquals("# a comment\nB> SET k \"two words\"\nOK\n", new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void argumentsALineCannotHoldAreWrittenQuotedAndReadBackExactly() throws Exception {
        List<byte[]> argv = List.of("SET".getBytes(), new byte[] {'a', '\n', 'b', 0, (byte) 0xff}, "\"q\\\r".getBytes());
        TranscriptWriter.Entry e = new TranscriptWriter.Entry("A", "typed with a\nnewline", argv, List.of("OK"));
        Transcript t = TranscriptParser.parse("x", TranscriptWriter.format(List.of(), List.of(e)), 1);
        assertEquals(1, t.steps().size());
        List<byte[]> again = ArgSplitter.split(t.steps().get(0).command().getBytes(StandardCharsets.ISO_8859_1)).orElseThrow();
        assertEquals(argv.size(), again.size());
        for (int i = 0; i < argv.size(); i++) assertArrayEquals(argv.get(i), again.get(i));
    }

    @Test
    void replyLinesAreWrittenByteForByte() throws Exception {
        String latin1 = new String("(error) ERR unknown command 'caf\u00e9'".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        TranscriptWriter.Entry e = new TranscriptWriter.Entry("A", "caf\u00e9", split("caf\u00e9"), List.of(latin1));
        Transcript t = TranscriptParser.parse("x", TranscriptWriter.format(List.of(), List.of(e)), 1);
        assertEquals(List.of(latin1), t.steps().get(0).expected());
    }
}
