package dev.mta.dkim;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The one DNS question DKIM verification asks: the TXT records at a name. The resolver in mta-core implements it
 * later; tests answer from a map.
 *
 * <p>Contract: the stage completes with one string per TXT record, the record's character-strings already
 * joined (RFC 6376 3.6.2.2); with an empty list when the name does not exist or has no TXT record (a permanent
 * answer); exceptionally when the lookup failed for a reason that may pass (SERVFAIL, timeout). Never blocks.
 */
@FunctionalInterface
public interface TxtLookup {

    CompletionStage<List<String>> lookup(String name);
}
