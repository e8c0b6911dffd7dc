package dev.mta.core.address;

/**
 * The forward path {@code <Postmaster>} with no domain (RFC 5321 section 4.1.1.3): the postmaster of the
 * server that received it. Matched without regard to case; always written as {@code <postmaster>}.
 * Use {@link ForwardPath#POSTMASTER}.
 */
public record BarePostmaster() implements ForwardPath {

    @Override
    public String pathForm(Utf8Mode mode) {
        return "<postmaster>";
    }

    @Override
    public boolean needsSmtputf8() {
        return false;
    }

    @Override
    public String toString() {
        return "<postmaster>";
    }
}
