package dev.mta.core.sink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that stands still until a test moves it, forwards or backwards. */
final class SteppingClock extends Clock {

    private final AtomicLong millis;

    SteppingClock(long startMillis) {
        this.millis = new AtomicLong(startMillis);
    }

    void step(Duration by) {
        millis.addAndGet(by.toMillis());
    }

    void set(long newMillis) {
        millis.set(newMillis);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the generator needs no zone");
    }
}
