package dev.mta.core.dns;

/**
 * A DNS lookup failed for a reason that may pass (SERVFAIL, timeout, network error): thrown only where a
 * {@link DnsResult.TempFail} has to become a failed {@code CompletionStage} for an interface that speaks in
 * exceptions.
 */
public final class DnsTempFailException extends RuntimeException {

    public DnsTempFailException(String reason) {
        super(reason);
    }
}
