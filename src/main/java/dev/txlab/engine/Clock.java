package dev.txlab.engine;

/**
 * Where the engine gets "now" for expiry. Injected so transcripts and tests are deterministic:
 * replays use a {@link ManualClock} that only moves when told to, the shell uses the wall clock.
 */
public interface Clock {
    long nowMillis();

    /** Lets time pass (DEBUG SLEEP): really waits on the wall clock, jumps on a manual one. */
    default void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Clock SYSTEM = System::currentTimeMillis;

    /** A clock that stands still until advanced. */
    final class ManualClock implements Clock {
        private long now;

        public ManualClock(long startMillis) { this.now = startMillis; }

        @Override public long nowMillis() { return now; }

        public void advance(long millis) { now += millis; }

        @Override public void sleep(long millis) { advance(millis); }

        public void set(long millis) { now = millis; }
    }
}
