package dev.mta.daemon.systemd;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotifySocketAddressTest {

    @ParameterizedTest
    @CsvSource({
            "/run/systemd/notify, /run/systemd/notify",
            "@/org/freedesktop/systemd1/notify/123, \\0/org/freedesktop/systemd1/notify/123",
            "@x, \\0x",
    })
    void readsPathsAndAbstractNames(String value, String expected) {
        assertEquals(expected.replace("\\0", "\0"), NotifySocketAddress.parse(value).orElseThrow().path());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"@", "relative/notify", "vsock:2:1234", "vsock-stream:2:1234"})
    void ignoresWhatIsNotAUnixSocketOfOurs(String value) {
        assertTrue(NotifySocketAddress.parse(value).isEmpty());
    }
}
