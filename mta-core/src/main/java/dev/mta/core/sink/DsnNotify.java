package dev.mta.core.sink;

/** The values of the RCPT TO {@code NOTIFY} parameter (RFC 3461 section 4.1). */
public enum DsnNotify {
    NEVER, SUCCESS, FAILURE, DELAY
}
