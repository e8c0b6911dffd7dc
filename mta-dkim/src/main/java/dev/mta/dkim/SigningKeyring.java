package dev.mta.dkim;

import java.net.IDN;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The signing keys, by domain: which keys sign mail whose From is in a domain. Immutable; a reload builds a new
 * keyring and swaps it in one step (the factory reads it through a supplier).
 *
 * <p>A From domain without keys of its own may be signed with the keys of its nearest parent that has them,
 * when {@code signSubdomains} is set: {@code d=example.com} on mail from {@code news.example.com} still aligns
 * under DMARC's relaxed alignment (RFC 7489 3.1.1), the default alignment mode.
 *
 * @param keys           per domain (any case, U- or A-label), the keys to sign with, all together (dual signing)
 * @param signSubdomains whether a parent domain's keys sign for its subdomains
 */
public record SigningKeyring(Map<String, List<SigningKey>> keys, boolean signSubdomains) {

    public SigningKeyring {
        Map<String, List<SigningKey>> copy = new LinkedHashMap<>();
        keys.forEach((domain, list) -> {
            String ascii = normalize(domain);
            for (SigningKey key : list) {
                if (!key.domain().equals(ascii)) {
                    throw new IllegalArgumentException(key + " is listed under " + domain);
                }
            }
            if (!list.isEmpty()) {
                copy.merge(ascii, List.copyOf(list), (a, b) -> {
                    throw new IllegalArgumentException("keys for " + domain + " listed twice");
                });
            }
        });
        keys = Map.copyOf(copy);
    }

    /** A keyring from a list of keys, grouped by their domain. */
    public static SigningKeyring of(List<SigningKey> keys, boolean signSubdomains) {
        Map<String, List<SigningKey>> byDomain = new LinkedHashMap<>();
        for (SigningKey key : keys) {
            byDomain.computeIfAbsent(key.domain(), d -> new java.util.ArrayList<>()).add(key);
        }
        return new SigningKeyring(byDomain, signSubdomains);
    }

    /** No keys: nothing is signed. */
    public static SigningKeyring empty() {
        return new SigningKeyring(Map.of(), false);
    }

    /** The keys for a From domain (A-label, any case): its own, else a parent's when allowed, else none. */
    public List<SigningKey> keysFor(String fromDomain) {
        Objects.requireNonNull(fromDomain, "fromDomain");
        String domain = fromDomain.toLowerCase(Locale.ROOT);
        List<SigningKey> own = keys.get(domain);
        if (own != null) {
            return own;
        }
        if (signSubdomains) {
            for (int dot = domain.indexOf('.'); dot >= 0; dot = domain.indexOf('.', dot + 1)) {
                List<SigningKey> parent = keys.get(domain.substring(dot + 1));
                if (parent != null) {
                    return parent;
                }
            }
        }
        return List.of();
    }

    private static String normalize(String domain) {
        return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    }
}
