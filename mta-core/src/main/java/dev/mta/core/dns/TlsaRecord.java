package dev.mta.core.dns;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A TLSA record (RFC 6698 section 2.1). Only meaningful when the answer is DNSSEC-validated (RFC 7672 section
 * 2.2); this resolver does not validate, so DANE policy must not be built on it yet.
 *
 * @param usage           certificate usage, 0..255
 * @param selector        selector, 0..255
 * @param matchingType    matching type, 0..255
 * @param associationData the certificate association data in lower-case hex
 */
public record TlsaRecord(int usage, int selector, int matchingType, String associationData) {

    public TlsaRecord {
        Objects.requireNonNull(associationData, "associationData");
        checkOctet(usage, "usage");
        checkOctet(selector, "selector");
        checkOctet(matchingType, "matchingType");
        // Normalizes and checks the hex in one step.
        associationData = HexFormat.of().formatHex(HexFormat.of().parseHex(associationData));
    }

    private static void checkOctet(int value, String what) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(what + " out of range: " + value);
        }
    }
}
