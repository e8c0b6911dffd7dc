package dev.mta.core.smtp;

import dev.mta.core.sink.QueueId;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The replies mta sends, by name, so the server, the sendmail path and the delivery engine use one code and
 * one text for one situation. Where DESIGN.md ("Replies that are easy to get wrong") fixes a reply, the
 * constant here is that reply.
 *
 * <p>The text is generic on purpose: it says what the client can do about it, never which file, user, limit
 * setting or exception was involved; those go to the log, keyed by session or queue id. Each constant is
 * immutable, so sharing them is safe.
 */
public final class Replies {

    // ---- 2xx: done --------------------------------------------------------------------------------------

    /** Reply to QUIT (RFC 5321 section 4.1.1.10). */
    public static final Reply BYE = Reply.of(221, "2.0.0", "Bye");

    /** Reply to RSET, NOOP and other commands that succeed without more to say. */
    public static final Reply OK = Reply.of(250, "2.0.0", "Ok");

    /** Reply to an accepted MAIL FROM (RFC 3463 section 3.2: X.1.0 other address status). */
    public static final Reply SENDER_OK = Reply.of(250, "2.1.0", "Sender ok");

    /** Reply to an accepted RCPT TO (X.1.5 destination address valid). */
    public static final Reply RECIPIENT_OK = Reply.of(250, "2.1.5", "Recipient ok");

    /**
     * Reply to VRFY. It never says whether a user exists, so VRFY cannot be used to harvest addresses; 252 is
     * the reply RFC 5321 section 3.5.3 provides for "cannot verify, but will accept and try".
     */
    public static final Reply CANNOT_VRFY =
            Reply.of(252, "2.1.5", "Cannot VRFY user, but will accept message and attempt delivery");

    /** Reply to a successful AUTH (RFC 4954 section 4). */
    public static final Reply AUTH_SUCCEEDED = Reply.of(235, "2.7.0", "Authentication successful");

    /**
     * Reply to STARTTLS before the handshake (RFC 3207 section 4). It answers a command, not the connection, so
     * it carries an enhanced status like any other 2xx reply (RFC 2034 section 4).
     */
    public static final Reply READY_TO_START_TLS = Reply.of(220, "2.0.0", "Ready to start TLS");

    // ---- 3xx: go on -------------------------------------------------------------------------------------

    /** Reply to DATA (RFC 5321 section 4.1.1.4); 3xx replies carry no enhanced status (RFC 2034 section 4). */
    public static final Reply START_MAIL_INPUT = Reply.withoutStatus(354, "End data with <CR><LF>.<CR><LF>");

    // ---- 4xx: not now -----------------------------------------------------------------------------------

    /** The client was silent longer than the command or data timeout (RFC 5321 section 4.5.3.2); then close. */
    public static final Reply TIMEOUT = Reply.of(421, "4.4.2", "Timeout exceeded, closing connection");

    /** The client made too many errors in one session (as Postfix's smtpd_hard_error_limit); then close. */
    public static final Reply TOO_MANY_ERRORS = Reply.of(421, "4.7.0", "Too many errors, closing connection");

    /** The daemon is stopping; sent to idle sessions and instead of the greeting (RFC 5321 section 3.8). */
    public static final Reply SHUTTING_DOWN = Reply.of(421, "4.3.2", "Service shutting down, closing connection");

    /** The client's address has too many connections open; relay networks are exempt (DESIGN.md). */
    public static final Reply TOO_MANY_CONNECTIONS =
            Reply.of(421, "4.7.0", "Too many connections from your address, try again later");

    /**
     * The connection gave as many MAIL commands as one connection may (as Exim's smtp_accept_max_per_connection);
     * then close. 421 rather than 452: a sending MTA treats 421 as "this connection is over" and sends the rest of
     * its queue over a new one at once (RFC 5321 section 3.8), while a 4xx to MAIL alone would defer the message
     * and, from some clients, be tried again on the same connection.
     */
    public static final Reply TOO_MANY_MESSAGES =
            Reply.of(421, "4.7.0", "Too many messages in one connection, closing connection");

    /** The authenticated user sent more messages than the hourly rate allows (DESIGN.md). */
    public static final Reply RATE_LIMITED = Reply.of(450, "4.7.1", "Message rate exceeded, try again later");

    /**
     * A write or sync failed while the message was being stored, during or at the end of DATA or BDAT; nothing
     * of the message is kept and the client keeps responsibility for it (RFC 5321 section 6.1).
     */
    public static final Reply LOCAL_ERROR = Reply.of(451, "4.3.0", "Local error in processing, try again later");

    /**
     * The queue cannot take mail now (disk below its reserve, write error), answered at MAIL FROM so the client
     * defers before it sends the message (X.3.1 mail system full).
     */
    public static final Reply INSUFFICIENT_STORAGE =
            Reply.of(452, "4.3.1", "Insufficient system storage, try again later");

    /**
     * More recipients than one message may have. 452 rather than 552: RFC 5321 section 4.5.3.1.10 asks the
     * client to send the rest in another transaction (X.5.3 too many recipients).
     */
    public static final Reply TOO_MANY_RECIPIENTS = Reply.of(452, "4.5.3", "Too many recipients");

    /** STARTTLS was offered but the TLS context cannot be used now (RFC 3207 section 4). */
    public static final Reply TLS_NOT_AVAILABLE = Reply.of(454, "4.7.0", "TLS not available, try again later");

    // ---- 5xx: not like this -----------------------------------------------------------------------------

    /** An unknown command or one that does not parse (RFC 5321 section 4.2.4; X.5.2 syntax error). */
    public static final Reply SYNTAX_ERROR = Reply.of(500, "5.5.2", "Syntax error, command unrecognized");

    /**
     * A command line over the limit: 512 octets (RFC 5321 section 4.5.3.1.4), more with extensions that allow
     * it. The code is X.5.2, as DESIGN.md fixes it; 5.5.6 is only for AUTH exchange lines.
     */
    public static final Reply LINE_TOO_LONG = Reply.of(500, "5.5.2", "Line too long");

    /** A SASL response line over the limit (RFC 4954 section 6: 500 5.5.6). */
    public static final Reply AUTH_LINE_TOO_LONG =
            Reply.of(500, "5.5.6", "Authentication exchange line is too long");

    /** The verb is known but its arguments are not valid (RFC 5321 section 4.2.4; X.5.4 invalid arguments). */
    public static final Reply PARAMETER_SYNTAX_ERROR =
            Reply.of(501, "5.5.4", "Syntax error in parameters or arguments");

    /** MAIL FROM with an address that does not parse (X.1.7 bad sender's mailbox address syntax). */
    public static final Reply BAD_SENDER_SYNTAX = Reply.of(501, "5.1.7", "Bad sender address syntax");

    /** RCPT TO with an address that does not parse (X.1.3 bad destination mailbox address syntax). */
    public static final Reply BAD_RECIPIENT_SYNTAX = Reply.of(501, "5.1.3", "Bad recipient address syntax");

    /** The client cancelled an AUTH exchange with {@code *} (RFC 4954 section 4). */
    public static final Reply AUTH_CANCELLED = Reply.of(501, "5.7.0", "Authentication cancelled");

    /** RFC 4954 section 4: a response (or initial response) that is not base64 gets 501; X.5.2 syntax error. */
    public static final Reply AUTH_CANNOT_DECODE = Reply.of(501, "5.5.2", "Cannot decode response");

    /** A command mta knows of but does not offer, such as TURN or EXPN (RFC 5321 section 4.2.4). */
    public static final Reply NOT_IMPLEMENTED = Reply.of(502, "5.5.1", "Command not implemented");

    /** A command out of order, such as RCPT before MAIL or DATA before RCPT (RFC 5321 section 4.2.4). */
    public static final Reply BAD_SEQUENCE = Reply.of(503, "5.5.1", "Bad sequence of commands");

    /** AUTH with a mechanism that is not offered (RFC 4954 section 4). */
    public static final Reply AUTH_MECHANISM_UNKNOWN = Reply.of(504, "5.5.4", "Unrecognized authentication type");

    /** A command that needs STARTTLS first, on a listener that requires TLS (RFC 3207 section 4). */
    public static final Reply TLS_REQUIRED = Reply.of(530, "5.7.0", "Must issue a STARTTLS command first");

    /** MAIL FROM on a listener that requires authentication (RFC 4954 section 6). */
    public static final Reply AUTH_REQUIRED = Reply.of(530, "5.7.0", "Authentication required");

    /**
     * AUTH and credentials wrong: the same reply for an unknown user and a wrong password, so it tells nothing
     * about which users exist (RFC 4954 section 6; DESIGN.md).
     */
    public static final Reply AUTH_FAILED = Reply.of(535, "5.7.8", "Authentication credentials invalid");

    /** AUTH before TLS (RFC 4954 section 6: 538 5.7.11); mta offers AUTH only over TLS. */
    public static final Reply ENCRYPTION_REQUIRED_FOR_AUTH =
            Reply.of(538, "5.7.11", "Encryption required for requested authentication mechanism");

    /** RCPT TO an accepted domain whose recipient list does not hold the address (X.1.1 bad mailbox). */
    public static final Reply UNKNOWN_RECIPIENT = Reply.of(550, "5.1.1", "No such user here");

    /**
     * RCPT TO a domain that is not accepted, from a client that is neither authenticated nor in a relay network
     * (DESIGN.md invariant 5; X.7.1 delivery not authorized). 554, as Postfix answers it.
     */
    public static final Reply RELAY_DENIED = Reply.of(554, "5.7.1", "Relay access denied");

    /**
     * The message held a bare CR or a bare LF. It is refused only after the real end of data, so nothing after
     * the bare line end is read as a command (DESIGN.md invariant 8; RFC 5321 section 2.3.8).
     */
    public static final Reply BARE_LINE_ENDING =
            Reply.of(550, "5.6.0", "Message refused: bare CR or LF found, lines must end in CRLF");

    /**
     * A text line of the message is longer than RFC 5322 section 2.1.1 allows. The text names the limit and the
     * fix, since the sender's software can apply it.
     */
    public static final Reply LINE_OVER_998_OCTETS = Reply.of(550, "5.6.0",
            "Message refused: a line is longer than 998 octets (RFC 5322 section 2.1.1);"
                    + " encode the body as quoted-printable or base64");

    /** The From header names a domain the authenticated user may not send as; refused at the end of data. */
    public static final Reply FROM_NOT_ALLOWED =
            Reply.of(550, "5.7.1", "From header address not allowed for this user");

    /** The message is over the size limit (RFC 1870 section 6; X.3.4 message too big for system). */
    public static final Reply MESSAGE_TOO_BIG = Reply.of(552, "5.3.4", "Message size exceeds fixed limit");

    /** A non-ASCII address without the SMTPUTF8 parameter (RFC 6531; X.6.7 in the RFC 5248 registry). */
    public static final Reply SMTPUTF8_REQUIRED = Reply.of(553, "5.6.7", "Non-ASCII address requires SMTPUTF8");

    /** MAIL FROM an address the authenticated user may not send as (DESIGN.md: 553 at MAIL). */
    public static final Reply SENDER_NOT_ALLOWED = Reply.of(553, "5.7.1", "Sender address not allowed for this user");

    /**
     * 100 or more Received header fields: the message is looping (RFC 5321 section 6.3). Refused at the end of
     * data; no bounce is made (X.4.6 routing loop detected).
     */
    public static final Reply TOO_MANY_HOPS = Reply.of(554, "5.4.6", "Too many hops, mail loop detected");

    /** DATA after every RCPT TO was refused (RFC 5321 section 3.3 allows 554 here; X.5.0 other protocol status). */
    public static final Reply NO_VALID_RECIPIENTS = Reply.of(554, "5.5.0", "No valid recipients");

    /**
     * The client sent a command before the greeting: a sign of a spam engine that does not wait for replies
     * (RFC 5321 section 4.3.1 has the client wait for the greeting); then close.
     */
    public static final Reply TALKED_BEFORE_GREETING =
            Reply.of(554, "5.5.0", "Protocol error: command sent before greeting");

    /** A MAIL FROM or RCPT TO parameter that is not offered (RFC 5321 section 4.1.1.11; X.5.4). */
    public static final Reply PARAMETERS_NOT_RECOGNIZED =
            Reply.of(555, "5.5.4", "MAIL FROM/RCPT TO parameters not recognized or not implemented");

    // ---- delivery: failures found by mta itself, recorded as a recipient's last reply and used in DSNs ----

    /**
     * The route for a recipient leads back to this host: the MX is our own host name, or an address one of our
     * listeners is bound to (DESIGN.md; RFC 5321 section 5.1).
     */
    public static final Reply MX_LOOPS_BACK = Reply.of(554, "5.4.6", "Mail for this domain loops back to this host");

    /**
     * A BODY=BINARYMIME message toward a hop that offers no BINARYMIME and CHUNKING; mta does not convert
     * (RFC 3030 section 3; X.6.3 conversion required but not supported).
     */
    public static final Reply BINARYMIME_UNSUPPORTED =
            Reply.of(554, "5.6.3", "Next hop does not accept binary content, conversion not supported");

    // ---- replies with a variable part --------------------------------------------------------------------

    /** The greeting (RFC 5321 section 4.3.1); a greeting carries no enhanced status (RFC 2034 section 3). */
    public static Reply greeting(String hostname) {
        return Reply.withoutStatus(220, checkedHostname(hostname) + " ESMTP");
    }

    /** Reply to HELO (RFC 5321 section 4.1.1.1); without enhanced status (RFC 2034 section 3). */
    public static Reply helo(String hostname) {
        return Reply.withoutStatus(250, checkedHostname(hostname));
    }

    /**
     * Reply to EHLO: our host name, then one line per extension keyword with its parameters, such as
     * {@code SIZE 36700160} (RFC 5321 section 4.1.1.1); without enhanced status (RFC 2034 section 3).
     */
    public static Reply ehlo(String hostname, List<String> extensions) {
        List<String> lines = new ArrayList<>(extensions.size() + 1);
        lines.add(checkedHostname(hostname));
        lines.addAll(extensions);
        return new Reply(250, Optional.empty(), lines);
    }

    /**
     * A SASL challenge, base64 text, possibly empty (RFC 4954 section 4); written {@code "334 "} with its space
     * even when empty.
     */
    public static Reply authChallenge(String base64) {
        return Reply.withoutStatus(334, base64);
    }

    /** The end of DATA or BDAT LAST, once the message is durable: it names the queue id, as Postfix does. */
    public static Reply queued(QueueId id) {
        Objects.requireNonNull(id, "id");
        return Reply.of(250, "2.0.0", "Ok: queued as " + id);
    }

    /** A BDAT chunk other than the last, taken (RFC 3030 section 2). */
    public static Reply chunkReceived(long octets) {
        if (octets < 0) {
            throw new IllegalArgumentException("octets must not be negative: " + octets);
        }
        return Reply.of(250, "2.0.0", octets + " octets received");
    }

    private Replies() {
    }

    private static String checkedHostname(String hostname) {
        Objects.requireNonNull(hostname, "hostname");
        if (hostname.isEmpty() || hostname.indexOf(' ') >= 0 || hostname.indexOf('\t') >= 0) {
            throw new IllegalArgumentException("a host name is one word: " + Printable.quote(hostname));
        }
        return hostname;
    }
}
