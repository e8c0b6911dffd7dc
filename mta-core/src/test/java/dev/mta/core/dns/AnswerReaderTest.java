package dev.mta.core.dns;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Synthetic responses (SECURITY.md section 5, the DNS row): what the reader trusts and what it ignores. */
class AnswerReaderTest {

    private static Name n(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Message response(String qname, int type, int rcode) {
        Message m = new Message(1);
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(rcode);
        m.addRecord(Record.newRecord(n(qname), type, DClass.IN), Section.QUESTION);
        return m;
    }

    private static Answer read(Message m, String qname, int type) {
        return AnswerReader.read(m, n(qname), type, List.of(n(qname)), Long.MAX_VALUE);
    }

    private static ARecord a(String name, long ttl, String ip) throws Exception {
        return new ARecord(n(name), DClass.IN, ttl, InetAddress.getByAddress(InetAddress.getByName(ip).getAddress()));
    }

    private static CNAMERecord cname(String from, long ttl, String to) {
        return new CNAMERecord(n(from), DClass.IN, ttl, n(to));
    }

    private static SOARecord soa(long ttl, long minimum) {
        return new SOARecord(n("test"), DClass.IN, ttl, n("ns.test"), n("h.test"), 1, 1, 1, 1, minimum);
    }

    @Test
    void recordsForOtherNamesOrSectionsAreIgnored() throws Exception {
        Message m = response("mx.test", Type.A, Rcode.NOERROR);
        m.addRecord(a("mx.test", 300, "192.0.2.1"), Section.ANSWER);
        m.addRecord(a("victim.test", 300, "192.0.2.66"), Section.ANSWER);
        m.addRecord(a("mx.test", 300, "192.0.2.67"), Section.ADDITIONAL);
        m.addRecord(new ARecord(n("mx.test"), DClass.CH, 300, InetAddress.getByName("192.0.2.68")), Section.ANSWER);

        Answer.Found found = assertInstanceOf(Answer.Found.class, read(m, "mx.test", Type.A));

        assertEquals(List.of(a("mx.test", 300, "192.0.2.1")), found.records());
    }

    @Test
    void theTtlIsTheSmallestAlongTheChain() throws Exception {
        Message m = response("www.test", Type.A, Rcode.NOERROR);
        m.addRecord(cname("www.test", 100, "host.test"), Section.ANSWER);
        m.addRecord(a("host.test", 300, "192.0.2.1"), Section.ANSWER);
        assertEquals(100, assertInstanceOf(Answer.Found.class, read(m, "www.test", Type.A)).ttlSeconds());

    }

    @Test
    void aChainTheServerDidNotFinishIsAskedOnward() {
        Message m = response("www.test", Type.MX, Rcode.NOERROR);
        m.addRecord(cname("www.test", 50, "elsewhere.test"), Section.ANSWER);

        Answer.Alias alias = assertInstanceOf(Answer.Alias.class, read(m, "www.test", Type.MX));

        assertEquals(n("elsewhere.test"), alias.target());
        assertEquals(List.of(n("www.test"), n("elsewhere.test")), alias.chain());
        assertEquals(50, alias.ttlSeconds());
    }

    @Test
    void aLoopAcrossQueriesIsCaught() {
        // The first query went a -> b; this second one, for b, says b -> a.
        Message m = response("b.test", Type.A, Rcode.NOERROR);
        m.addRecord(cname("b.test", 50, "a.test"), Section.ANSWER);

        Answer answer = AnswerReader.read(m, n("b.test"), Type.A, List.of(n("a.test"), n("b.test")), 50);

        assertTrue(assertInstanceOf(Answer.Failed.class, answer).reason().contains("loop"));
    }

    @Test
    void negativeAnswersTakeTheSoaMinimumOrAreNotCached() {
        Message nx = response("gone.test", Type.MX, Rcode.NXDOMAIN);
        nx.addRecord(soa(3600, 60), Section.AUTHORITY);
        assertEquals(new Answer.Negative(true, 60), read(nx, "gone.test", Type.MX));

        Message nodata = response("here.test", Type.MX, Rcode.NOERROR);
        nodata.addRecord(soa(30, 600), Section.AUTHORITY);
        assertEquals(new Answer.Negative(false, 30), read(nodata, "here.test", Type.MX));

        Message bare = response("gone.test", Type.MX, Rcode.NXDOMAIN);
        assertEquals(new Answer.Negative(true, 0), read(bare, "gone.test", Type.MX));
    }

    @Test
    void failuresAndMismatchesAreTemporary() {
        assertInstanceOf(Answer.Failed.class, read(response("x.test", Type.MX, Rcode.SERVFAIL), "x.test", Type.MX));
        assertInstanceOf(Answer.Failed.class, read(response("x.test", Type.MX, Rcode.REFUSED), "x.test", Type.MX));
        assertInstanceOf(Answer.Failed.class, read(response("y.test", Type.MX, Rcode.NOERROR), "x.test", Type.MX));
        assertInstanceOf(Answer.Failed.class, read(response("x.test", Type.A, Rcode.NOERROR), "x.test", Type.MX));
        Message truncated = response("x.test", Type.MX, Rcode.NOERROR);
        truncated.getHeader().setFlag(Flags.TC);
        assertInstanceOf(Answer.Failed.class, read(truncated, "x.test", Type.MX));
    }

    @Test
    void twoCnamesAtOneNameAreRefused() {
        Message m = response("www.test", Type.MX, Rcode.NOERROR);
        m.addRecord(cname("www.test", 50, "one.test"), Section.ANSWER);
        m.addRecord(cname("www.test", 50, "two.test"), Section.ANSWER);
        m.addRecord(new MXRecord(n("one.test"), DClass.IN, 50, 10, n("mx.one.test")), Section.ANSWER);

        assertInstanceOf(Answer.Failed.class, read(m, "www.test", Type.MX));
    }
}
