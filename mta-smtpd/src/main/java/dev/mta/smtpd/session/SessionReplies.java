package dev.mta.smtpd.session;

import dev.mta.core.smtp.Reply;

/**
 * Replies of the session that the shared catalogue ({@link dev.mta.core.smtp.Replies}) does not have; each is
 * a candidate to move there.
 */
public final class SessionReplies {

    /** RFC 3030 section 3: a BODY=BINARYMIME message can only be sent with BDAT. */
    public static final Reply BINARYMIME_NEEDS_BDAT =
            Reply.of(503, "5.5.1", "BODY=BINARYMIME requires BDAT, not DATA");

    /** RFC 3030 section 2: DATA and BDAT are not mixed in one transaction. */
    public static final Reply DATA_AND_BDAT_MIXED =
            Reply.of(503, "5.5.1", "DATA and BDAT cannot be mixed in one transaction");

    /** RFC 3207 section 4: STARTTLS once TLS is on (or on an implicit-TLS listener). */
    public static final Reply TLS_ALREADY_ACTIVE = Reply.of(503, "5.5.1", "TLS already active");

    /** AUTH on a listener that does not offer it (port 25, or no users file); 502 as for a command we lack. */
    public static final Reply AUTH_NOT_AVAILABLE = Reply.of(502, "5.5.1", "AUTH not available");

    /** RFC 5321 section 4.1.1.8. */
    public static final Reply HELP = Reply.of(214, "2.0.0", "See RFC 5321; mta offers the commands listed by EHLO");

    /** MAIL before EHLO/HELO (RFC 5321 section 4.1.4). */
    public static final Reply HELLO_FIRST = Reply.of(503, "5.5.1", "Send EHLO or HELO first");

    /** A second MAIL inside a transaction (RFC 5321 section 4.1.4). */
    public static final Reply NESTED_MAIL = Reply.of(503, "5.5.1", "Sender already specified");

    /** RCPT without MAIL, or DATA without MAIL. */
    public static final Reply MAIL_FIRST = Reply.of(503, "5.5.1", "Send MAIL FROM first");

    /** An extension parameter after HELO: extensions need EHLO (RFC 5321 section 2.2.2). */
    public static final Reply NEEDS_EHLO = Reply.of(555, "5.5.4", "Parameters need EHLO");

    private SessionReplies() {
    }
}
