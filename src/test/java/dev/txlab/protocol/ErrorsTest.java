package dev.txlab.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorsTest {

    private static List<byte[]> argv(String... parts) {
        List<byte[]> out = new ArrayList<>();
        for (String p : parts) out.add(p.getBytes(StandardCharsets.ISO_8859_1));
        return out;
    }

    @Test
    void unknownCommandQuotesEachArgumentAndEndsWithASpace() {
        assertEquals("ERR unknown command 'FOO', with args beginning with: 'a' 'b c' ",
                Errors.unknownCommand(argv("FOO", "a", "b c")).message());
        assertEquals("ERR unknown command 'foo', with args beginning with: ", Errors.unknownCommand(argv("foo")).message());
    }

    @Test
    void unknownCommandStopsCollectingArgumentsAt128Bytes() {
        String long1 = "x".repeat(100);
        String long2 = "y".repeat(100);
        assertEquals("ERR unknown command 'F', with args beginning with: '" + long1 + "' '" + "y".repeat(25) + "' ",
                Errors.unknownCommand(argv("F", long1, long2, "z")).message());
    }

    @Test
    void unknownCommandCutsAtNulAndMapsNewlinesToSpaces() {
        assertEquals("ERR unknown command 'a b', with args beginning with: 'x' ",
                Errors.unknownCommand(argv("a\nb", "x\0y")).message());
    }
}
