package dev.mta.core.sink;

/** The MAIL FROM {@code RET} parameter (RFC 3461 section 4.3): return the full message or its headers. */
public enum DsnReturn {
    FULL, HDRS
}
