package dev.txlab.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txlab.engine.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Node ids a transcript recorded elsewhere uses, learned from the replies and then used in commands. */
class NodeIdsTest {
    static final String OURS_1 = "0c64888ee75c2457066acbca3c132adea37ef0b3";
    static final String OURS_2 = "7c9078dc1a7459a4a9ae6ade627d439fc141480c";
    static final String THEIRS_1 = "73de71154a93c887bc9bd56b45256a2d4bc7f2d0";
    static final String THEIRS_2 = "7a9f28f4688435c1d80d60f2ab2387b34be71783";

    final NodeIds ids = new NodeIds(Set.of(OURS_1, OURS_2)::contains);

    @Test
    void aLineThatDiffersOnlyByNodeIdsIsTakenAndTheIdsAreUsedInLaterCommands() {
        assertEquals(List.of("\"" + THEIRS_1 + "\""), ids.printed(List.of("\"" + THEIRS_1 + "\""), List.of("\"" + OURS_1 + "\"")));
        List<byte[]> argv = ids.command(List.of(Bytes.utf8("CLUSTER"), Bytes.utf8("SETSLOT"), Bytes.utf8("1"), Bytes.utf8("NODE"),
                Bytes.utf8(THEIRS_1)));
        assertEquals(OURS_1, new String(argv.get(4), StandardCharsets.US_ASCII));
    }

    @Test
    void onlyOneToOne() {
        ids.printed(List.of(THEIRS_1), List.of(OURS_1));
        // another of their ids cannot be our first node too, nor theirs another of ours
        assertEquals(List.of(OURS_1), ids.printed(List.of(THEIRS_2), List.of(OURS_1)));
        assertEquals(List.of(OURS_2), ids.printed(List.of(THEIRS_1), List.of(OURS_2)));
        // nor is an id that is not a node's taken, nor a line that differs otherwise
        assertEquals(List.of("x " + "1".repeat(40)), ids.printed(List.of("x " + THEIRS_2), List.of("x " + "1".repeat(40))));
        assertEquals(List.of("y " + OURS_2), ids.printed(List.of("x " + THEIRS_2), List.of("y " + OURS_2)));
        assertEquals(List.of("x " + THEIRS_2), ids.printed(List.of("x " + THEIRS_2), List.of("x " + OURS_2)));
    }
}
