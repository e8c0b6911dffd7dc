package dev.mta.core.dns;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads one DNS response for one question, trusting only what answers that question (SECURITY.md S-19,
 * CVE-2024-25638): records of the asked class and type whose owner is the question's name or a name the CNAME
 * chain in the answer section leads to. Everything else in the message, other sections included, is ignored.
 *
 * <p>CNAME chains are followed to at most {@value #MAX_CNAMES} links. A loop, or a longer chain, is reported as a
 * temporary failure: RFC 1034 section 3.6.2 forbids such data, but it is a zone operator's mistake that can be
 * fixed, so mail to it is deferred (and bounced when the queue lifetime ends), not bounced at once; this is what
 * SECURITY.md S-19 asks for.
 */
final class AnswerReader {

    /** Most CNAME links followed for one lookup, across all the queries it takes. */
    static final int MAX_CNAMES = 10;

    /** RFC 2181 section 8: a TTL with the most significant bit set is to be read as zero. */
    private static final long MAX_WIRE_TTL = 0x7FFF_FFFFL;

    private AnswerReader() {
    }

    /**
     * @param response the server's message
     * @param queried  the name this query asked for
     * @param type     the type asked for
     * @param chain    the names seen before this query, the first question first; ends with {@code queried}
     * @param ttlSoFar the smallest TTL along the chain so far, in seconds
     */
    static Answer read(Message response, Name queried, int type, List<Name> chain, long ttlSoFar) {
        Record question = response.getQuestion();
        if (question == null || !question.getName().equals(queried) || question.getType() != type) {
            return new Answer.Failed("answer for another question");
        }
        if (response.getHeader().getFlag(Flags.TC)) {
            return new Answer.Failed("answer truncated over TCP too");
        }
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            return new Answer.Failed(Rcode.string(rcode) + " for " + queried + "/" + Type.string(type));
        }
        List<Record> answers = response.getSection(Section.ANSWER);
        List<Name> seen = new ArrayList<>(chain);
        Name current = queried;
        long ttl = ttlSoFar;
        while (true) {
            List<Record> data = matching(answers, current, type);
            if (!data.isEmpty()) {
                for (Record r : data) {
                    ttl = Math.min(ttl, wireTtl(r));
                }
                return new Answer.Found(data, ttl);
            }
            if (type == Type.CNAME) {
                break;
            }
            List<Record> alias = matching(answers, current, Type.CNAME);
            if (alias.isEmpty()) {
                break;
            }
            // A name with a CNAME has no other data (RFC 1034 section 3.6.2), so a second CNAME is as bad as a loop.
            if (alias.size() > 1) {
                return new Answer.Failed("several CNAMEs at " + current);
            }
            CNAMERecord link = (CNAMERecord) alias.get(0);
            ttl = Math.min(ttl, wireTtl(link));
            Name target = link.getTarget();
            if (seen.contains(target)) {
                return new Answer.Failed("CNAME loop at " + target);
            }
            seen.add(target);
            if (seen.size() - 1 > MAX_CNAMES) {
                return new Answer.Failed("CNAME chain longer than " + MAX_CNAMES + " at " + chain.get(0));
            }
            current = target;
        }
        long negativeTtl = Math.min(ttl, negativeTtl(response));
        if (rcode == Rcode.NXDOMAIN) {
            // RFC 6604 section 2.1: with a chain, NXDOMAIN speaks of the last name in it.
            return new Answer.Negative(true, negativeTtl);
        }
        if (!current.equals(queried) && !hasSoa(response)) {
            // The server followed part of the chain and said nothing about its end: ask for the end ourselves.
            return new Answer.Alias(current, seen, ttl);
        }
        return new Answer.Negative(false, negativeTtl);
    }

    private static List<Record> matching(List<Record> answers, Name owner, int type) {
        List<Record> out = new ArrayList<>();
        for (Record r : answers) {
            if (r.getType() == type && r.getDClass() == DClass.IN && r.getName().equals(owner)) {
                out.add(r);
            }
        }
        return out;
    }

    private static long wireTtl(Record r) {
        long ttl = r.getTTL();
        return ttl < 0 || ttl > MAX_WIRE_TTL ? 0 : ttl;
    }

    /**
     * RFC 2308 section 5: a negative answer is cached for the smaller of the SOA record's TTL and its MINIMUM
     * field; without an SOA in the authority section it is not cached at all.
     */
    private static long negativeTtl(Message response) {
        for (Record r : response.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord soa && soa.getDClass() == DClass.IN) {
                long minimum = soa.getMinimum() > MAX_WIRE_TTL ? 0 : soa.getMinimum();
                return Math.min(wireTtl(soa), minimum);
            }
        }
        return 0;
    }

    private static boolean hasSoa(Message response) {
        for (Record r : response.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord) {
                return true;
            }
        }
        return false;
    }
}
