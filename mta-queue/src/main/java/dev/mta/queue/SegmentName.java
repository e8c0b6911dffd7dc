package dev.mta.queue;

import java.util.Locale;
import java.util.OptionalLong;

/** Names of log segments: sixteen decimal digits and {@code .seg}, so text order is creation order. */
final class SegmentName {

    private SegmentName() {
    }

    static String of(long number) {
        return String.format(Locale.ROOT, "%016d.seg", number);
    }

    /** The segment number, or empty when {@code name} is not exactly a segment name. */
    static OptionalLong parse(String name) {
        if (name.length() != 20 || !name.endsWith(".seg")) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < 16; i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(name.substring(0, 16)));
    }
}
