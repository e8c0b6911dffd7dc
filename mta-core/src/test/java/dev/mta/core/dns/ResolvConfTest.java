package dev.mta.core.dns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResolvConfTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "nameserver 192.0.2.53                                  | 192.0.2.53                   | -  | -",
            "nameserver 192.0.2.1\\nnameserver 2001:db8::53          | 192.0.2.1 2001:db8::53      | -  | -",
            "# comment\\n; other\\nnameserver 192.0.2.1 # trailing  | 192.0.2.1                    | -  | -",
            "nameserver\\t192.0.2.1\\r                               | 192.0.2.1                    | -  | -",
            "nameserver a b c d\\nnameserver fe80::1%eth0            | ''                           | -  | -",
            "nameserver 1.1.1.1\\nnameserver 2.2.2.2\\nnameserver 3.3.3.3\\nnameserver 4.4.4.4 | 1.1.1.1 2.2.2.2 3.3.3.3 | - | -",
            "options timeout:2 attempts:3 rotate                     | ''                           | 2  | 3",
            "options timeout:99 attempts:9\\noptions timeout:0       | ''                           | 1  | 5",
            "options timeout: attempts:x timeout:-1                  | ''                           | -  | -",
            "search example.com\\ndomain example.com                 | ''                           | -  | -",
            "''                                                       | ''                           | -  | -",
    })
    void parses(String text, String servers, String timeout, String attempts) throws Exception {
        ResolvConf conf = ResolvConf.parse(text.replace("\\n", "\n").replace("\\t", "\t").replace("\\r", "\r"));

        List<InetAddress> expected = servers.isBlank() ? List.of()
                : java.util.Arrays.stream(servers.trim().split(" ")).map(ResolvConfTest::address).toList();
        assertEquals(expected, conf.nameservers());
        assertEquals(timeout.equals("-") ? null : Duration.ofSeconds(Long.parseLong(timeout)),
                conf.timeout().orElse(null));
        assertEquals(attempts.equals("-") ? -1 : Integer.parseInt(attempts), conf.attempts().orElse(-1));
    }

    private static InetAddress address(String literal) {
        return dev.mta.core.config.IpAddresses.parse(literal);
    }

    @Test
    void settingsFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("resolv.conf");
        Files.writeString(file, "nameserver 192.0.2.53\noptions timeout:2 attempts:4\n");

        DnsSettings settings = DnsSettings.fromResolvConf(file);

        assertEquals(List.of(new InetSocketAddress(address("192.0.2.53"), 53)), settings.servers());
        assertEquals(Duration.ofSeconds(2), settings.timeout());
        assertEquals(3, settings.retries());
    }

    @Test
    void aMissingFileMeansTheLocalServerAndDefaults(@TempDir Path dir) throws Exception {
        DnsSettings settings = DnsSettings.fromResolvConf(dir.resolve("absent"));

        assertEquals(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 53)), settings.servers());
        assertEquals(DnsSettings.DEFAULT_TIMEOUT, settings.timeout());
        assertEquals(DnsSettings.DEFAULT_RETRIES, settings.retries());
    }
}
