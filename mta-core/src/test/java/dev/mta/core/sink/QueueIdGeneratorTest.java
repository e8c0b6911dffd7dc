package dev.mta.core.sink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class QueueIdGeneratorTest {

    /** 2026-11-25T12:00:00Z */
    private static final long NOW = 1_795_608_000_000L;
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    static Stream<Arguments> clocks() {
        return Stream.of(
                Arguments.of("one millisecond for all", new SteppingClock(NOW)),
                Arguments.of("the system clock", Clock.systemUTC()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clocks")
    void hundredThousandIdsAreUniqueAndStrictlyIncreasingAsText(String name, Clock clock) {
        QueueIdGenerator generator = new QueueIdGenerator(clock);
        Set<String> seen = new HashSet<>();
        String previous = "";
        for (int i = 0; i < 100_000; i++) {
            String id = generator.next().value();
            if (id.compareTo(previous) <= 0) {
                fail("id " + i + " " + id + " does not sort after " + previous);
            }
            if (!seen.add(id)) {
                fail("id " + i + " repeats: " + id);
            }
            previous = id;
        }
        assertEquals(100_000, seen.size());
    }

    @Test
    void counterRunningOutWithinOneMillisecondMovesToTheNext() {
        // A counter that starts three short of its end: the third id would wrap around to zero.
        Random nearTheEnd = new Random() {
            @Override
            public int nextInt(int bound) {
                return bound - 3;
            }
        };
        QueueIdGenerator generator = new QueueIdGenerator(new SteppingClock(NOW), nearTheEnd);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(generator.next().value());
        }

        assertStrictlyIncreasing(ids);
        assertEquals(NOW, timeOf(ids.get(1)));
        assertEquals(NOW + 1, timeOf(ids.get(2)), "wrapped counter moves on to the next millisecond");
        assertEquals(0, counterOf(ids.get(2)));
        assertEquals(NOW + 1, timeOf(ids.get(5)));
    }

    @Test
    void idsKeepIncreasingWhenTheClockStepsBackwards() {
        SteppingClock clock = new SteppingClock(NOW);
        QueueIdGenerator generator = new QueueIdGenerator(clock, new Random(7));
        List<String> ids = new ArrayList<>();

        take(generator, 10, ids);
        clock.step(Duration.ofHours(-1));
        take(generator, 10, ids);
        clock.step(Duration.ofMinutes(59));
        take(generator, 10, ids);
        clock.step(Duration.ofMinutes(2));
        take(generator, 10, ids);

        assertStrictlyIncreasing(ids);
        assertEquals(NOW, timeOf(ids.get(29)), "time held at the latest seen while the clock was behind");
        assertEquals(NOW + Duration.ofMinutes(1).toMillis(), timeOf(ids.get(30)), "follows the clock once past");
    }

    @Test
    void theFirstNineCharactersAreTheMillisecondsInBase32() {
        SteppingClock clock = new SteppingClock(0);
        QueueIdGenerator generator = new QueueIdGenerator(clock, new Random(1));

        assertTrue(generator.next().value().startsWith("000000000"));
        clock.set(NOW);
        assertEquals(NOW, timeOf(generator.next().value()));
        // The largest time the nine characters hold, in the year 3084.
        clock.set((1L << 45) - 1);
        assertTrue(generator.next().value().startsWith("ZZZZZZZZZ"));
    }

    @Test
    void idsFromALaterMillisecondSortAfterAllEarlierOnes() {
        SteppingClock clock = new SteppingClock(NOW);
        QueueIdGenerator first = new QueueIdGenerator(clock, new Random(1));
        QueueIdGenerator second = new QueueIdGenerator(clock, new Random(2));
        List<String> ids = new ArrayList<>();
        take(first, 1000, ids);
        take(second, 1000, ids);
        String latestBefore = ids.stream().max(String::compareTo).orElseThrow();

        clock.step(Duration.ofMillis(1));

        assertTrue(first.next().value().compareTo(latestBefore) > 0);
        assertTrue(second.next().value().compareTo(latestBefore) > 0);
    }

    @Test
    void twoGeneratorsInTheSameMillisecondMakeDifferentIds() {
        // As after a restart within one millisecond: the counters start at different random values.
        SteppingClock clock = new SteppingClock(NOW);
        QueueIdGenerator before = new QueueIdGenerator(clock, new Random(11));
        QueueIdGenerator after = new QueueIdGenerator(clock, new Random(12));
        Set<String> fromBefore = new HashSet<>();
        Set<String> fromAfter = new HashSet<>();

        for (int i = 0; i < 1000; i++) {
            fromBefore.add(before.next().value());
            fromAfter.add(after.next().value());
        }

        assertEquals(1000, fromBefore.size());
        assertEquals(1000, fromAfter.size());
        fromBefore.retainAll(fromAfter);
        assertEquals(Set.of(), fromBefore);
    }

    @Test
    void concurrentCallersGetDistinctIncreasingIds() throws Exception {
        QueueIdGenerator generator = new QueueIdGenerator(new SteppingClock(NOW), new Random(3));
        int threads = 4;
        int each = 25_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>(each);
                    take(generator, each, mine);
                    return mine;
                }));
            }
            Set<String> all = new HashSet<>();
            for (Future<List<String>> result : results) {
                List<String> mine = result.get(30, TimeUnit.SECONDS);
                assertStrictlyIncreasing(mine);
                all.addAll(mine);
            }
            assertEquals(threads * each, all.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyIdIsWellFormed() {
        QueueIdGenerator generator = new QueueIdGenerator(Clock.systemUTC());
        for (int i = 0; i < 1000; i++) {
            String id = generator.next().value();
            assertTrue(QueueIdGenerator.isWellFormed(id), id);
            assertEquals(QueueIdGenerator.LENGTH, id.length());
        }
    }

    private static void take(QueueIdGenerator generator, int count, List<String> into) {
        for (int i = 0; i < count; i++) {
            into.add(generator.next().value());
        }
    }

    private static void assertStrictlyIncreasing(List<String> ids) {
        for (int i = 1; i < ids.size(); i++) {
            if (ids.get(i).compareTo(ids.get(i - 1)) <= 0) {
                fail("id " + i + " " + ids.get(i) + " does not sort after " + ids.get(i - 1) + " in " + ids);
            }
        }
    }

    private static long timeOf(String id) {
        return decode(id.substring(0, 9));
    }

    private static long counterOf(String id) {
        return decode(id.substring(9));
    }

    private static long decode(String base32) {
        long value = 0;
        for (char c : base32.toCharArray()) {
            value = value * 32 + ALPHABET.indexOf(c);
        }
        return value;
    }
}
