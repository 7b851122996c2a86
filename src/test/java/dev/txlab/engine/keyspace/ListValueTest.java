package dev.txlab.engine.keyspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The list's ring buffer behaves as an ArrayList under any mix of edits. */
class ListValueTest {

    @Test
    void ringBufferAgreesWithArrayList() {
        Random random = new Random(14);
        for (int round = 0; round < 200; round++) {
            ListValue list = new ListValue();
            List<byte[]> ring = list.elements();
            List<byte[]> model = new ArrayList<>();
            for (int step = 0; step < 300; step++) {
                byte[] e = {(byte) random.nextInt(256)};
                int op = random.nextInt(9);
                int size = model.size();
                switch (op) {
                    case 0 -> { ring.add(0, e); model.add(0, e); }
                    case 1 -> { ring.add(e); model.add(e); }
                    case 2 -> { int i = random.nextInt(size + 1); ring.add(i, e); model.add(i, e); }
                    case 3 -> { if (size > 0) assertEquals(model.remove(0), ring.remove(0)); }
                    case 4 -> { if (size > 0) assertEquals(model.remove(size - 1), ring.remove(size - 1)); }
                    case 5 -> { if (size > 0) { int i = random.nextInt(size); assertEquals(model.remove(i), ring.remove(i)); } }
                    case 6 -> { if (size > 0) { int i = random.nextInt(size); assertEquals(model.set(i, e), ring.set(i, e)); } }
                    case 7 -> {
                        int from = random.nextInt(size + 1);
                        int to = from + random.nextInt(size - from + 1);
                        ring.subList(from, to).clear();
                        model.subList(from, to).clear();
                    }
                    default -> { if (random.nextInt(20) == 0) { ring.clear(); model.clear(); } }
                }
                assertEquals(model, ring);
            }
        }
    }
}
