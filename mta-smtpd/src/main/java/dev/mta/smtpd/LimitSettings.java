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
 * @param messagesPerConnection MAIL commands one connection may give; the next is answered {@code 421 4.7.0}
 *                         and the connection closes, so the client sends the rest over a new one
 */
public record LimitSettings(DataSize messageSize, int recipients, int connections, int connectionsPerIp,
                            Rate sendRatePerUser, int receivedHeaders, int messagesPerConnection) {

    /**
     * 1000, as Exim's {@code smtp_accept_max_per_connection} (the one major MTA with this limit; Postfix has
     * none): high enough that a relay's connection reuse never notices it, low enough that one connection cannot
     * hold a session slot forever.
     */
    public static final int DEFAULT_MESSAGES_PER_CONNECTION = 1000;

    /**
     * 35 MiB, 1000 recipients, 1000 connections and 50 per IP, 1000 messages per hour, 100 Received headers,
     * 1000 messages per connection.
     */
    public static final LimitSettings DEFAULTS = new LimitSettings(DataSize.ofMebibytes(35), 1000, 1000, 50,
            new Rate(1000, Duration.ofHours(1)), 100, DEFAULT_MESSAGES_PER_CONNECTION);

    public LimitSettings {
        Objects.requireNonNull(messageSize, "messageSize");
        Objects.requireNonNull(sendRatePerUser, "sendRatePerUser");
        if (messageSize.bytes() < 1 || recipients < 1 || connections < 1 || connectionsPerIp < 1
                || receivedHeaders < 1 || messagesPerConnection < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
    }

    /** With the default number of messages per connection. */
    public LimitSettings(DataSize messageSize, int recipients, int connections, int connectionsPerIp,
                         Rate sendRatePerUser, int receivedHeaders) {
        this(messageSize, recipients, connections, connectionsPerIp, sendRatePerUser, receivedHeaders,
                DEFAULT_MESSAGES_PER_CONNECTION);
    }

    /** The same limits with another number of messages per connection. */
    public LimitSettings withMessagesPerConnection(int messages) {
        return new LimitSettings(messageSize, recipients, connections, connectionsPerIp, sendRatePerUser,
                receivedHeaders, messages);
    }

    /** The same limits with another send rate per user. */
    public LimitSettings withSendRatePerUser(Rate rate) {
        return new LimitSettings(messageSize, recipients, connections, connectionsPerIp, rate, receivedHeaders,
                messagesPerConnection);
    }
}
