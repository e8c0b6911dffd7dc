package dev.mta.smtpd;

import dev.mta.core.config.DataSize;
import dev.mta.core.config.Rate;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits that keep one client or one message from taking the server.
 *
 * @param messageSize      the largest message accepted, advertised in the SIZE extension (RFC 1870)
 * @param recipients       recipients per message (RFC 5321 section 4.5.3.1.8 asks for at least 100)
 * @param connections      concurrent connections in total
 * @param connectionsPerIp concurrent connections from one IP address (relay networks are exempt)
 * @param sendRatePerUser  messages an authenticated user may send; one stolen password must not get the
 *                         server's address blocklisted
 * @param receivedHeaders  a message with this many {@code Received:} headers or more is a loop and is refused
 *                         (RFC 5321 section 6.3)
 */
public record LimitSettings(DataSize messageSize, int recipients, int connections, int connectionsPerIp,
                            Rate sendRatePerUser, int receivedHeaders) {

    /** 35 MiB, 1000 recipients, 1000 connections and 50 per IP, 1000 messages per hour, 100 Received headers. */
    public static final LimitSettings DEFAULTS = new LimitSettings(DataSize.ofMebibytes(35), 1000, 1000, 50,
            new Rate(1000, Duration.ofHours(1)), 100);

    public LimitSettings {
        Objects.requireNonNull(messageSize, "messageSize");
        Objects.requireNonNull(sendRatePerUser, "sendRatePerUser");
        if (messageSize.bytes() < 1 || recipients < 1 || connections < 1 || connectionsPerIp < 1
                || receivedHeaders < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
    }
}
