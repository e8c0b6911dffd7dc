package dev.mta.testkit.dns;

/** How {@link LoopbackDnsServer} answers questions about one name, when it is told not to answer normally. */
enum Misbehaviour {
    /** RCODE 2: the server failed. */
    SERVFAIL,
    /** RCODE 5: the server will not answer. */
    REFUSE,
    /** No answer at all, so the client times out. */
    DROP,
    /** Over UDP, an empty answer with the TC bit; over TCP, the full answer (RFC 7766 section 5). */
    TRUNCATE
}
