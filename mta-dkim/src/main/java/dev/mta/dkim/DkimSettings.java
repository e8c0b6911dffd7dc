package dev.mta.dkim;

import java.util.List;

/**
 * The DKIM signing keys. Built by the daemon's configuration binder.
 *
 * @param keys every configured key; a domain may have several (one per selector, e.g. RSA and Ed25519)
 */
public record DkimSettings(List<DkimKeySettings> keys) {

    /** No keys: nothing is signed. */
    public static final DkimSettings NONE = new DkimSettings(List.of());

    public DkimSettings {
        keys = List.copyOf(keys);
    }
}
