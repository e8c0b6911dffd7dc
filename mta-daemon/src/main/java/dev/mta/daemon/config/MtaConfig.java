package dev.mta.daemon.config;

import dev.mta.queue.QueueSettings;
import dev.mta.smtpd.SmtpdSettings;

import java.nio.file.Path;

/**
 * The whole validated configuration, bound from one properties file.
 *
 * @param source         the file it was read from
 * @param hostname       our host name: greeting, Received headers, HELO when relaying
 * @param stateDirectory where mta keeps state that is not the queue (generated keys and certificates)
 * @param smtpd          the SMTP server's settings
 * @param queue          the queue's settings
 */
public record MtaConfig(Path source, String hostname, Path stateDirectory, SmtpdSettings smtpd, QueueSettings queue) {
}
