package dev.mta.testkit.dns;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test server itself, asked with dnsjava's plain client. */
class LoopbackDnsServerTest {

    private LoopbackDnsServer dns;

    @BeforeEach
    void start() throws Exception {
        dns = LoopbackDnsServer.start();
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private Message ask(String name, int type, boolean tcp, boolean ignoreTruncation) throws Exception {
        SimpleResolver client = new SimpleResolver(new InetSocketAddress("127.0.0.1", dns.port()));
        client.setTCP(tcp);
        client.setIgnoreTruncation(ignoreTruncation);
        client.setTimeout(Duration.ofSeconds(5));
        return client.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
    }

    @Test
    void bindsARealPortAndAnswersOverBothTransports() throws Exception {
        dns.a("host.test", "192.0.2.1");

        assertNotEquals(0, dns.port());
        for (boolean tcp : List.of(false, true)) {
            Message answer = ask("host.test", Type.A, tcp, false);
            assertEquals(Rcode.NOERROR, answer.getRcode());
            assertEquals(1, answer.getSection(Section.ANSWER).size());
        }
        assertEquals(2, dns.queries("host.test"));
        assertEquals(1, dns.tcpQueries("HOST.test"));
    }

    @Test
    void negativeAnswersCarryAnSoa() throws Exception {
        dns.a("host.test", "192.0.2.1").negativeTtl(Duration.ofSeconds(42));

        Message nx = ask("none.test", Type.A, false, false);
        Message nodata = ask("host.test", Type.MX, false, false);

        assertEquals(Rcode.NXDOMAIN, nx.getRcode());
        assertEquals(Rcode.NOERROR, nodata.getRcode());
        assertEquals(0, nodata.getSection(Section.ANSWER).size());
        assertEquals(Type.SOA, nodata.getSection(Section.AUTHORITY).get(0).getType());
        assertEquals(42, nx.getSection(Section.AUTHORITY).get(0).getTTL());
    }

    @Test
    void misbehavesOnDemand() throws Exception {
        dns.servfail("sf.test").refuse("rf.test").a("tc.test", "192.0.2.1").truncate("tc.test");

        assertEquals(Rcode.SERVFAIL, ask("sf.test", Type.A, false, false).getRcode());
        assertEquals(Rcode.REFUSED, ask("rf.test", Type.A, false, false).getRcode());
        Message udp = ask("tc.test", Type.A, false, true);
        assertTrue(udp.getHeader().getFlag(Flags.TC));
        assertEquals(0, udp.getSection(Section.ANSWER).size());
        assertEquals(1, ask("tc.test", Type.A, true, false).getSection(Section.ANSWER).size());

        dns.heal("sf.test");
        assertEquals(Rcode.NXDOMAIN, ask("sf.test", Type.A, false, false).getRcode());
    }

    @Test
    void txtRecordsKeepTheirStrings() throws Exception {
        dns.txt("t.test", "a".repeat(255), "b");

        TXTRecord txt = (TXTRecord) ask("t.test", Type.TXT, false, false).getSection(Section.ANSWER).get(0);

        assertEquals(List.of("a".repeat(255), "b"), txt.getStrings());
    }

    @Test
    void followsCnamesAndStopsAtALoop() throws Exception {
        dns.cname("a.test", "b.test").cname("b.test", "a.test").cname("w.test", "h.test").a("h.test", "192.0.2.1");

        assertEquals(2, ask("a.test", Type.A, false, false).getSection(Section.ANSWER).size());
        assertEquals(2, ask("w.test", Type.A, false, false).getSection(Section.ANSWER).size());
    }
}
