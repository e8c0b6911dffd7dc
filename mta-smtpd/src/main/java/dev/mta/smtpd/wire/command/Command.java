package dev.mta.smtpd.wire.command;

import dev.mta.core.address.ForwardPath;
import dev.mta.core.address.ReversePath;
import dev.mta.core.sink.MailParameters;
import dev.mta.core.smtp.Reply;

import java.util.Objects;
import java.util.Optional;

/**
 * One SMTP command line, parsed (RFC 5321 section 4.1). Syntax errors are values too ({@link Invalid}), so the
 * session handles every line with one exhaustive {@code switch}. Every text field is free of CR, LF, NUL and
 * other control characters.
 */
public sealed interface Command {

    /** {@code EHLO name} (RFC 5321 section 4.1.1.1); the name as the client wrote it, one word. */
    record Ehlo(String domainOrLiteral) implements Command {
        public Ehlo {
            Objects.requireNonNull(domainOrLiteral, "domainOrLiteral");
        }
    }

    /** {@code HELO name} (RFC 5321 section 4.1.1.1). */
    record Helo(String domainOrLiteral) implements Command {
        public Helo {
            Objects.requireNonNull(domainOrLiteral, "domainOrLiteral");
        }
    }

    /** {@code MAIL FROM:<path> [parameters]} (RFC 5321 section 4.1.1.2). */
    record Mail(ReversePath path, MailParameters params) implements Command {
        public Mail {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(params, "params");
        }
    }

    /** {@code RCPT TO:<path> [parameters]} (RFC 5321 section 4.1.1.3). */
    record Rcpt(ForwardPath path, RcptParameters params) implements Command {
        public Rcpt {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(params, "params");
        }
    }

    /** {@code DATA} (RFC 5321 section 4.1.1.4). */
    record Data() implements Command {
    }

    /** {@code BDAT size [LAST]} (RFC 3030 section 2). */
    record Bdat(long size, boolean last) implements Command {
        public Bdat {
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative: " + size);
            }
        }
    }

    /** {@code RSET} (RFC 5321 section 4.1.1.5). */
    record Rset() implements Command {
    }

    /** {@code NOOP [string]} (RFC 5321 section 4.1.1.9); the argument is ignored. */
    record Noop() implements Command {
    }

    /** {@code QUIT} (RFC 5321 section 4.1.1.10). */
    record Quit() implements Command {
    }

    /** {@code VRFY string} (RFC 5321 section 4.1.1.6). */
    record Vrfy(String arg) implements Command {
        public Vrfy {
            Objects.requireNonNull(arg, "arg");
        }
    }

    /** {@code HELP [string]} (RFC 5321 section 4.1.1.8); the argument is ignored. */
    record Help() implements Command {
    }

    /** {@code STARTTLS} (RFC 3207 section 4). */
    record StartTls() implements Command {
    }

    /**
     * {@code AUTH mechanism [initial-response]} (RFC 4954 section 4).
     *
     * @param mechanism       upper case, e.g. {@code PLAIN}
     * @param initialResponse the base64 text, or {@code "="} for an empty one; never decoded here
     */
    record Auth(String mechanism, Optional<String> initialResponse) implements Command {
        public Auth {
            Objects.requireNonNull(mechanism, "mechanism");
            Objects.requireNonNull(initialResponse, "initialResponse");
        }
    }

    /** An HTTP request line ({@code GET / HTTP/1.1} and the like): not an SMTP client, the session closes. */
    record HttpProbe(String verb) implements Command {
        public HttpProbe {
            Objects.requireNonNull(verb, "verb");
        }
    }

    /** A command mta knows of but does not offer, such as EXPN or TURN: {@code 502 5.5.1}. */
    record NotImplemented(String verb) implements Command {
        public NotImplemented {
            Objects.requireNonNull(verb, "verb");
        }
    }

    /** An unknown verb: {@code 500 5.5.2}. The verb is cut to a few dozen characters for the log. */
    record Unknown(String verb) implements Command {
        public Unknown {
            Objects.requireNonNull(verb, "verb");
        }
    }

    /** A known verb with bad arguments: the reply that says so. */
    record Invalid(Reply reply) implements Command {
        public Invalid {
            Objects.requireNonNull(reply, "reply");
        }
    }
}
