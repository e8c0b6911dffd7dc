package dev.mta.daemon.sendmail;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a sendmail command line asks for.
 *
 * @param recipients        the recipients given as arguments, as written (maybe unqualified, maybe several
 *                          comma-separated in one argument)
 * @param fromHeaders       {@code -t}: recipients also come from the To, Cc and Bcc fields
 * @param sender            {@code -f ADDR} (or {@code -r}): the envelope sender as written; {@code <>} or empty is
 *                          the null sender
 * @param fullName          {@code -F NAME}: the display name of a From field we add when the message has none
 * @param ignoreDots        {@code -i}, {@code -oi}: a line with a lone dot does not end the input
 * @param sevenBit          {@code -B 7BIT}: the body is declared 7-bit (default: 8BITMIME)
 * @param config            {@code -C FILE}: the mta configuration file, instead of the default
 */
public record SendmailOptions(List<String> recipients, boolean fromHeaders, Optional<String> sender,
                              Optional<String> fullName, boolean ignoreDots, boolean sevenBit, Optional<Path> config) {

    public SendmailOptions {
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(fullName, "fullName");
        Objects.requireNonNull(config, "config");
    }
}
