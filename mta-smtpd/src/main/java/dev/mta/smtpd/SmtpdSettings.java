package dev.mta.smtpd;

import java.util.List;

/**
 * Everything the SMTP server is configured with. Built by the daemon's configuration binder.
 *
 * @param listeners the sockets to serve
 * @param tls       the server certificate
 */
public record SmtpdSettings(List<ListenerSettings> listeners, ServerTlsSettings tls) {

    public SmtpdSettings {
        listeners = List.copyOf(listeners);
    }
}
