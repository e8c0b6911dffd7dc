package dev.mta.bench;

import java.nio.charset.StandardCharsets;

/** The message text the benchmarks feed in: a small header and a body of 78-octet lines, like smtp-source's. */
final class BenchMessages {

    static final String FROM_DOMAIN = "sender.bench.test";

    private BenchMessages() {
    }

    /** A message of about {@code size} octets (header included), lines ending in CRLF. */
    static byte[] message(int size) {
        StringBuilder text = new StringBuilder(size + 128);
        text.append("From: <bench@").append(FROM_DOMAIN).append(">\r\n")
                .append("To: <rcpt@sink.bench.test>\r\n")
                .append("Subject: bench\r\n")
                .append("Date: Wed, 25 Nov 2026 12:00:00 +0000\r\n")
                .append("Message-ID: <bench.1@").append(FROM_DOMAIN).append(">\r\n")
                .append("\r\n");
        String line = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklm\r\n";
        while (text.length() < size) {
            text.append(line);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
