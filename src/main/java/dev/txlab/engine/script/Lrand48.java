package dev.txlab.engine.script;

/**
 * Redis's redisLrand48/redisSrand48, the generator behind math.random in scripts: the POSIX
 * 48-bit linear congruential generator, so that math.randomseed(n) gives the same sequence as
 * on a real server. Like Redis's, its state lives as long as the server (the engine), across
 * scripts and SCRIPT FLUSH.
 */
final class Lrand48 {
    static final int MAX = Integer.MAX_VALUE; // REDIS_LRAND48_MAX
    private static final long A = 0x5DEECE66DL;
    private static final long MASK = (1L << 48) - 1;
    private long x = 0x1234ABCD330EL;

    int next() {
        x = (A * x + 0xB) & MASK;
        return (int) (x >>> 17);
    }

    void seed(int seed) {
        x = (((long) seed & 0xFFFFFFFFL) << 16 | 0x330EL) & MASK;
    }
}
