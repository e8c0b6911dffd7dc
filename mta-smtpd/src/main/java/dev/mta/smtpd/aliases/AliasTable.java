package dev.mta.smtpd.aliases;

import dev.mta.core.address.Mailbox;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable aliases table, fully expanded when it was built: each name maps straight to the addresses it ends
 * at, with nested alias names resolved, duplicates removed and loops refused by {@link AliasesFileParser}. A
 * lookup is a map lookup, safe on any thread, the event loop included.
 *
 * <p>Names are matched without regard to case: nobody means {@code Root} and {@code root} to be two people
 * (RFC 5321 section 2.4 leaves the local part's case to the receiving host, which is us).
 */
public final class AliasTable {

    /** No aliases. */
    public static final AliasTable EMPTY = new AliasTable(Map.of());

    private final Map<String, List<Mailbox>> expanded;

    AliasTable(Map<String, List<Mailbox>> expanded) {
        this.expanded = Map.copyOf(expanded);
    }

    /**
     * The addresses a local name expands to.
     *
     * @param localPart a local part or an unqualified name, as a client or a local program wrote it
     * @return the addresses, in file order, without duplicates; empty when the name is not an alias
     */
    public Optional<List<Mailbox>> expand(String localPart) {
        Objects.requireNonNull(localPart, "localPart");
        return Optional.ofNullable(expanded.get(key(localPart)));
    }

    /** How many names the table has. */
    public int size() {
        return expanded.size();
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "AliasTable[" + expanded.size() + " aliases]";
    }
}
