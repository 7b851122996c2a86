package dev.txlab.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CLUSTER SHARDS' elements compare in any order, and only as whole elements. */
class UnorderedRepliesTest {
    static final List<String> AB = List.of("1) 1) \"slots\"", "   2) \"a\"", "2) 1) \"slots\"", "   2) \"b\"");
    static final List<String> BA = List.of("1) 1) \"slots\"", "   2) \"b\"", "2) 1) \"slots\"", "   2) \"a\"");

    @Test
    void sameElementsInAnotherOrderMatch() {
        assertTrue(UnorderedReplies.unordered(List.of(Bytes.utf8("cluster"), Bytes.utf8("SHARDS"))));
        assertEquals(AB, UnorderedReplies.inExpectedOrder(AB, BA));
    }

    @Test
    void otherElementsDoNot() {
        List<String> aa = List.of("1) 1) \"slots\"", "   2) \"a\"", "2) 1) \"slots\"", "   2) \"a\"");
        assertEquals(aa, UnorderedReplies.inExpectedOrder(AB, aa));
        // lines moved between elements are not the same elements
        List<String> mixed = List.of("1) 1) \"slots\"", "   2) \"a\"", "   2) \"b\"", "2) 1) \"slots\"");
        assertEquals(mixed, UnorderedReplies.inExpectedOrder(AB, mixed));
    }
}
