package dev.txlab.engine.hll;

import java.util.Random;

/**
 * PFSELFTEST, as Redis runs it: every register can be set and read back without disturbing its
 * neighbours, and the estimate of 1 to 10,000,000 distinct elements stays within six standard
 * errors, with the sparse and the dense form agreeing on every checkpoint.
 */
public final class HyperLogLogSelfTest {
    private HyperLogLogSelfTest() {}

    /** Null when every check passes, else Redis's TESTFAILED message. */
    public static String run(long sparseMaxBytes) {
        Random random = new Random();
        String failure = HyperLogLog.registerSelfTest(random);
        if (failure != null) return failure;
        try {
            HyperLogLog dense = HyperLogLog.empty();
            dense.toDense();
            HyperLogLog sparse = HyperLogLog.empty();
            double relativeError = 1.04 / Math.sqrt(HyperLogLog.REGISTERS);
            long checkpoint = 1;
            long seed = random.nextLong();
            byte[] element = new byte[8];
            for (long j = 1; j <= 10_000_000L; j++) {
                long e = j ^ seed;
                for (int b = 0; b < 8; b++) element[b] = (byte) (e >>> (8 * b));
                dense.add(element, sparseMaxBytes);
                sparse.add(element, sparseMaxBytes);
                if (j != checkpoint) continue;
                if (j < sparseMaxBytes / 2 && sparse.isDense()) return "TESTFAILED sparse encoding not used";
                long estimate = dense.count();
                if (estimate != sparse.count()) return "TESTFAILED dense/sparse disagree";
                long allowed = j == 10 ? 1 : (long) Math.ceil(relativeError * 6 * checkpoint);
                long error = Math.abs(checkpoint - estimate);
                if (error > allowed) return "TESTFAILED Too big error. card:" + checkpoint + " abserr:" + error;
                checkpoint *= 10;
            }
            return null;
        } catch (HyperLogLog.Corrupted e) {
            return "TESTFAILED " + e.getMessage();
        }
    }
}
