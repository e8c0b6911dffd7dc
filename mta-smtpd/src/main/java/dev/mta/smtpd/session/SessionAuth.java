package dev.mta.smtpd.session;

import dev.mta.smtpd.ListenerRole;
import dev.mta.smtpd.auth.Authenticator;
import dev.mta.smtpd.auth.SenderPolicy;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a session needs to offer SMTP AUTH (RFC 4954): the password check, whom a user may send as, and the
 * listeners AUTH is offered on. A server without a users file has none, and then AUTH is offered nowhere.
 *
 * @param authenticator checks credentials off the event loop
 * @param senders       whom an authenticated user may send as (MAIL FROM, From header)
 * @param listeners     the listener roles AUTH is offered on; always over TLS only
 */
public record SessionAuth(Authenticator authenticator, SenderPolicy senders, Set<ListenerRole> listeners) {

    /**
     * DESIGN.md invariant 5: AUTH only on the submission listeners (RFC 6409, RFC 8314), never on port 25, so
     * the default needs no configuration to be safe.
     */
    public static final Set<ListenerRole> SUBMISSION_ONLY =
            Set.copyOf(EnumSet.of(ListenerRole.SUBMISSION, ListenerRole.SUBMISSIONS));

    public SessionAuth {
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(senders, "senders");
        listeners = Set.copyOf(listeners);
    }

    /** The defaults: the default sender policy, submission listeners only. */
    public SessionAuth(Authenticator authenticator) {
        this(authenticator, SenderPolicy.DEFAULT, SUBMISSION_ONLY);
    }

    /** Whether AUTH is offered on a listener of this role (still only once TLS is active). */
    public boolean offeredOn(ListenerRole role) {
        return listeners.contains(role);
    }
}
