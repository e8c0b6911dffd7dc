package dev.mta.smtpd.session;

import dev.mta.core.address.AddressLiteral;
import dev.mta.core.address.AddressParser;
import dev.mta.core.address.BarePostmaster;
import dev.mta.core.address.Domain;
import dev.mta.core.address.ForwardPath;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.Parsed;
import dev.mta.core.address.Utf8Mode;
import dev.mta.core.smtp.Replies;
import dev.mta.core.smtp.Reply;
import dev.mta.smtpd.AcceptedDomainSettings;
import dev.mta.smtpd.aliases.AliasTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who may receive mail through us, decided at RCPT (DESIGN.md invariant 5, "Domains, users, addresses"): a
 * domain we accept, from anyone; {@code postmaster} at an accepted domain and the bare {@code <postmaster>}
 * always (RFC 5321 section 4.5.1); a domain with a recipients file only for the addresses listed there; any
 * other domain only for clients that may relay. A local part of an accepted domain (and the bare postmaster)
 * that is an alias is accepted whatever the recipients file says, and replaced by the addresses it expands to.
 * Immutable once built; the files are read by {@link #load}, at start and on reload, never on an event loop.
 */
public final class RecipientPolicy {

    /** The answer for one recipient. */
    public sealed interface Decision {
        /**
         * @param mailbox   the recipient as the client named it (the bare postmaster made ours)
         * @param aliasedTo the addresses an alias expands it to, which go into the envelope instead; empty when
         *                  it is not an alias
         */
        record Accept(Mailbox mailbox, List<Mailbox> aliasedTo) implements Decision {
            public Accept {
                Objects.requireNonNull(mailbox, "mailbox");
                aliasedTo = List.copyOf(aliasedTo);
            }

            /** Not an alias: the recipient itself goes into the envelope. */
            public Accept(Mailbox mailbox) {
                this(mailbox, List.of());
            }

            /** The addresses that go into the envelope. */
            public List<Mailbox> deliverTo() {
                return aliasedTo.isEmpty() ? List.of(mailbox) : aliasedTo;
            }
        }

        record Refuse(Reply reply) implements Decision {
        }
    }

    private final Mailbox postmaster;
    /** Accepted domains; the value is the listed recipients (lower case), or empty when any is accepted. */
    private final Map<Domain, Optional<Set<String>>> domains;

    private RecipientPolicy(Mailbox postmaster, Map<Domain, Optional<Set<String>>> domains) {
        this.postmaster = postmaster;
        this.domains = Map.copyOf(domains);
    }

    /**
     * Reads the recipients files. Blocking: call at start, off the event loops.
     *
     * @param hostname our host name; the bare {@code <postmaster>} goes to {@code postmaster@hostname}
     * @throws IOException when a recipients file cannot be read, or holds a line that is not an address
     */
    public static RecipientPolicy load(String hostname, List<AcceptedDomainSettings> accepted) throws IOException {
        Domain own = AddressParser.domain(hostname, Utf8Mode.UTF8_ALLOWED).toOptional()
                .orElseThrow(() -> new IllegalArgumentException("not a host name: " + hostname));
        Map<Domain, Optional<Set<String>>> domains = new HashMap<>();
        for (AcceptedDomainSettings domain : accepted) {
            Optional<Set<String>> listed = Optional.empty();
            if (domain.recipientsFile().isPresent()) {
                listed = Optional.of(readRecipients(domain));
            }
            domains.put(domain.domain(), listed);
        }
        return new RecipientPolicy(new Mailbox("postmaster", own), domains);
    }

    /** No accepted domains: only relay clients and the postmaster get mail (tests, and a pure relay). */
    public static RecipientPolicy relayOnly(String hostname) {
        try {
            return load(hostname, List.of());
        } catch (IOException e) {
            throw new IllegalStateException("no file was read", e);
        }
    }

    private static Set<String> readRecipients(AcceptedDomainSettings domain) throws IOException {
        Set<String> listed = new HashSet<>();
        int number = 0;
        for (String raw : Files.readAllLines(domain.recipientsFile().orElseThrow(), StandardCharsets.UTF_8)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@")) {
                listed.add(line.toLowerCase(Locale.ROOT));
                continue;
            }
            Parsed<Mailbox> parsed = AddressParser.mailbox(line, Utf8Mode.UTF8_ALLOWED);
            if (!(parsed instanceof Parsed.Ok<Mailbox> ok) || !(ok.value().host() instanceof Domain)) {
                throw new IOException(domain.recipientsFile().orElseThrow() + ":" + number
                        + ": not an address: " + line);
            }
            listed.add(key(ok.value()));
        }
        return Set.copyOf(listed);
    }

    /** Recipients files are looked up without regard to case: nobody means Bob and bob to be two people. */
    private static String key(Mailbox mailbox) {
        return mailbox.localPart().toLowerCase(Locale.ROOT) + "@" + ((Domain) mailbox.host()).ascii();
    }

    /** The decision for one RCPT TO path, for a client that may or may not relay, without aliases. */
    public Decision decide(ForwardPath path, boolean mayRelay) {
        return decide(path, mayRelay, AliasTable.EMPTY);
    }

    /**
     * The decision for one RCPT TO path, for a client that may or may not relay.
     *
     * @param aliases applied to the local parts of accepted domains and to the bare {@code <postmaster>}
     */
    public Decision decide(ForwardPath path, boolean mayRelay, AliasTable aliases) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(aliases, "aliases");
        if (path instanceof BarePostmaster) {
            return new Decision.Accept(postmaster, aliases.expand(postmaster.localPart()).orElse(List.of()));
        }
        Mailbox mailbox = (Mailbox) path;
        if (mailbox.host() instanceof AddressLiteral) {
            // An address literal is never one of our domains (DESIGN.md: accepted domains are names).
            return mayRelay ? new Decision.Accept(mailbox) : new Decision.Refuse(Replies.RELAY_DENIED);
        }
        Domain domain = (Domain) mailbox.host();
        Optional<Set<String>> listed = domains.get(domain);
        if (listed == null) {
            return mayRelay ? new Decision.Accept(mailbox) : new Decision.Refuse(Replies.RELAY_DENIED);
        }
        if (!mayRelay && routesOnward(mailbox.localPart())) {
            // user%other@ours, other!user@ours, "a@other"@ours: sender-specified routing that a later hop
            // might act on (RFC 5321 section 3.6.1 forbids relaying on it). Postfix refuses it the same way.
            return new Decision.Refuse(Replies.RELAY_DENIED);
        }
        Optional<List<Mailbox>> aliased = aliases.expand(mailbox.localPart());
        if (aliased.isPresent()) {
            return new Decision.Accept(mailbox, aliased.get());
        }
        if ("postmaster".equalsIgnoreCase(mailbox.localPart())) {
            return new Decision.Accept(mailbox);
        }
        if (listed.isPresent()) {
            Set<String> names = listed.get();
            if (!names.contains(key(mailbox)) && !names.contains("@" + domain.ascii())) {
                return new Decision.Refuse(Replies.UNKNOWN_RECIPIENT);
            }
        }
        return new Decision.Accept(mailbox);
    }

    private static boolean routesOnward(String localPart) {
        return localPart.indexOf('%') >= 0 || localPart.indexOf('!') >= 0 || localPart.indexOf('@') >= 0;
    }
}
