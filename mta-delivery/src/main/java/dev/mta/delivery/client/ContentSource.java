package dev.mta.delivery.client;

import java.io.IOException;
import java.io.InputStream;

/**
 * The stored message, as the queue keeps it (the DKIM signature ahead of the content). {@link #open()} is called on
 * the client's content executor, never on an event loop, and the stream is read there in blocks, so a message is
 * never held in memory whole (DESIGN.md invariants 2 and 3).
 */
public interface ContentSource {

    /** The size in octets, as stored; checked against the server's SIZE and sent as the SIZE parameter. */
    long size();

    /** A new stream over the content; the client closes it. */
    InputStream open() throws IOException;
}
