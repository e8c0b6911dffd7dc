package dev.mta.testkit.dns;

import dev.mta.core.config.HostAndPort;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small DNS server on 127.0.0.1 for tests, built from dnsjava's wire classes. It answers like a recursive
 * server that holds the whole zone: with the recursion-available bit, following CNAMEs within the zone and
 * putting the chain in the answer, with an SOA in the authority section of negative answers (RFC 2308 section
 * 3) whose TTL and MINIMUM are {@link #negativeTtl(Duration)}. Over UDP an answer larger than 512 octets (or the
 * query's EDNS buffer) is truncated with the TC bit; over TCP it is whole.
 *
 * <p>UDP and TCP share one port, chosen by the system ({@link #port()}). Each name's queries are counted so tests
 * can see whether the resolver asked or used its cache. Thread-safe: tests change the zone while it serves.
 *
 * <pre>{@code
 * try (LoopbackDnsServer dns = LoopbackDnsServer.start()) {
 *     dns.mx("example.test", 10, "mx1.example.test").a("mx1.example.test", "192.0.2.1");
 *     ... DnsSettings.ofServers(List.of(dns.hostAndPort())) ...
 * }
 * }</pre>
 */
public final class LoopbackDnsServer implements AutoCloseable {

    /** Longest chain this server follows before it stops adding CNAMEs to the answer. */
    private static final int MAX_CHAIN = 32;
    /** RFC 1035 section 4.2.1: UDP answers without EDNS are at most 512 octets. */
    private static final int UDP_PLAIN_LIMIT = 512;
    private static final int BIND_TRIES = 20;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ExecutorService workers;
    private final ScheduledExecutorService delayer;

    private final Map<Name, List<Record>> zone = new ConcurrentHashMap<>();
    private final Set<Name> nxDomains = ConcurrentHashMap.newKeySet();
    private final Map<Name, Misbehaviour> misbehaviours = new ConcurrentHashMap<>();
    private final Map<Name, Duration> delays = new ConcurrentHashMap<>();
    private final Map<Name, AtomicInteger> queries = new ConcurrentHashMap<>();
    private final Map<Name, AtomicInteger> tcpQueries = new ConcurrentHashMap<>();
    private volatile long ttlSeconds = 300;
    private volatile long negativeTtlSeconds = 300;

    private LoopbackDnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        this.workers = Executors.newCachedThreadPool(daemonThreads("loopback-dns"));
        this.delayer = Executors.newSingleThreadScheduledExecutor(daemonThreads("loopback-dns-delay"));
    }

    /** Binds UDP and TCP on one free port of 127.0.0.1 and starts serving. */
    public static LoopbackDnsServer start() throws IOException {
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        BindException last = null;
        for (int i = 0; i < BIND_TRIES; i++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                ServerSocket tcp = new ServerSocket();
                try {
                    tcp.bind(new InetSocketAddress(loopback, udp.getLocalPort()));
                } catch (BindException e) {
                    tcp.close();
                    throw e;
                }
                LoopbackDnsServer server = new LoopbackDnsServer(udp, tcp);
                server.serve();
                return server;
            } catch (BindException e) {
                // The system gave us a UDP port whose TCP twin is taken: try another.
                udp.close();
                last = e;
            }
        }
        throw last;
    }

    /** The port both transports listen on. */
    public int port() {
        return udp.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, as {@code DnsSettings.ofServers} takes it. */
    public HostAndPort hostAndPort() {
        return new HostAndPort("127.0.0.1", port());
    }

    // ---- the zone ----

    /** The TTL of the records added from now on (300 seconds until changed). */
    public LoopbackDnsServer ttl(Duration ttl) {
        this.ttlSeconds = ttl.toSeconds();
        return this;
    }

    /** The TTL and MINIMUM of the SOA sent with negative answers (300 seconds until changed). */
    public LoopbackDnsServer negativeTtl(Duration ttl) {
        this.negativeTtlSeconds = ttl.toSeconds();
        return this;
    }

    public LoopbackDnsServer mx(String name, int preference, String host) {
        return record(new MXRecord(name(name), DClass.IN, ttlSeconds, preference, name(host)));
    }

    /** The null MX of RFC 7505: one MX record, preference 0, exchange ".". */
    public LoopbackDnsServer nullMx(String name) {
        return record(new MXRecord(name(name), DClass.IN, ttlSeconds, 0, Name.root));
    }

    public LoopbackDnsServer a(String name, String ip) {
        InetAddress address = literal(ip);
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        return record(new ARecord(name(name), DClass.IN, ttlSeconds, address));
    }

    public LoopbackDnsServer aaaa(String name, String ip) {
        InetAddress address = literal(ip);
        if (!(address instanceof Inet6Address)) {
            throw new IllegalArgumentException("not an IPv6 address: " + ip);
        }
        return record(new AAAARecord(name(name), DClass.IN, ttlSeconds, address));
    }

    /** One TXT record made of several character-strings, each at most 255 octets (RFC 1035 section 3.3.14). */
    public LoopbackDnsServer txt(String name, String... strings) {
        return record(new TXTRecord(name(name), DClass.IN, ttlSeconds, Arrays.asList(strings)));
    }

    public LoopbackDnsServer cname(String alias, String target) {
        return record(new CNAMERecord(name(alias), DClass.IN, ttlSeconds, name(target)));
    }

    /** Any record, as built by the test: for what the helpers above refuse to make, such as invalid MX names. */
    public LoopbackDnsServer record(Record record) {
        zone.computeIfAbsent(record.getName(), n -> new CopyOnWriteArrayList<>()).add(record);
        return this;
    }

    /**
     * Answers NXDOMAIN for the name from now on, whatever records it has. A name with no records at all gets
     * NXDOMAIN anyway; one with records of other types gets a no-data answer.
     */
    public LoopbackDnsServer nxdomain(String name) {
        nxDomains.add(name(name));
        return this;
    }

    public LoopbackDnsServer servfail(String name) {
        misbehaviours.put(name(name), Misbehaviour.SERVFAIL);
        return this;
    }

    public LoopbackDnsServer refuse(String name) {
        misbehaviours.put(name(name), Misbehaviour.REFUSE);
        return this;
    }

    /** Never answers questions about the name, over either transport. */
    public LoopbackDnsServer drop(String name) {
        misbehaviours.put(name(name), Misbehaviour.DROP);
        return this;
    }

    public LoopbackDnsServer truncate(String name) {
        misbehaviours.put(name(name), Misbehaviour.TRUNCATE);
        return this;
    }

    /** Answers questions about the name only after the delay (without holding up other questions). */
    public LoopbackDnsServer delay(String name, Duration delay) {
        delays.put(name(name), delay);
        return this;
    }

    /** Answers the name normally again: no misbehaviour, no delay, no forced NXDOMAIN. */
    public LoopbackDnsServer heal(String name) {
        Name n = name(name);
        misbehaviours.remove(n);
        delays.remove(n);
        nxDomains.remove(n);
        return this;
    }

    // ---- what was asked ----

    /** How many questions about the name arrived, over UDP and TCP together, of any type. */
    public int queries(String name) {
        AtomicInteger count = queries.get(name(name));
        return count == null ? 0 : count.get();
    }

    /** How many questions about the name arrived over TCP. */
    public int tcpQueries(String name) {
        AtomicInteger count = tcpQueries.get(name(name));
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            workers.shutdownNow();
            delayer.shutdownNow();
        }
    }

    // ---- serving ----

    private void serve() {
        workers.execute(this::serveUdp);
        workers.execute(this::acceptTcp);
    }

    private void serveUdp() {
        byte[] buffer = new byte[65_535];
        while (!udp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                return;
            }
            byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
            InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
            answer(query, false).ifPresent(reply -> later(reply.delay(), () -> sendUdp(reply.wire(), client)));
        }
    }

    private void sendUdp(byte[] wire, InetSocketAddress client) {
        try {
            udp.send(new DatagramPacket(wire, wire.length, client));
        } catch (IOException e) {
            // The server was closed or the client went away: nothing to answer to.
        }
    }

    private void acceptTcp() {
        while (!tcp.isClosed()) {
            Socket socket;
            try {
                socket = tcp.accept();
            } catch (IOException e) {
                return;
            }
            workers.execute(() -> serveTcp(socket));
        }
    }

    private void serveTcp(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException e) {
                    return;
                }
                byte[] query = in.readNBytes(length);
                if (query.length < length) {
                    return;
                }
                Optional<Reply> reply = answer(query, true);
                reply.ifPresent(r -> later(r.delay(), () -> writeTcp(out, r.wire())));
            }
        } catch (SocketException e) {
            // Closed by the client or by close(): the connection is over.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeTcp(DataOutputStream out, byte[] wire) {
        synchronized (out) {
            try {
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            } catch (IOException e) {
                // The client closed the connection first.
            }
        }
    }

    private void later(Duration delay, Runnable send) {
        if (delay.isZero()) {
            send.run();
        } else {
            delayer.schedule(send, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private record Reply(byte[] wire, Duration delay) {
    }

    /** The answer to one query in wire form, or empty when the server stays silent. */
    private Optional<Reply> answer(byte[] wire, boolean overTcp) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return Optional.empty();
        }
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getFlag(Flags.QR)) {
            return Optional.empty();
        }
        Name qname = question.getName();
        queries.computeIfAbsent(qname, n -> new AtomicInteger()).incrementAndGet();
        if (overTcp) {
            tcpQueries.computeIfAbsent(qname, n -> new AtomicInteger()).incrementAndGet();
        }
        Misbehaviour misbehaviour = misbehaviours.get(qname);
        if (misbehaviour == Misbehaviour.DROP) {
            return Optional.empty();
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        response.getHeader().setOpcode(Opcode.QUERY);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(question, Section.QUESTION);
        if (misbehaviour == Misbehaviour.SERVFAIL) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
        } else if (misbehaviour == Misbehaviour.REFUSE) {
            response.getHeader().setRcode(Rcode.REFUSED);
        } else if (misbehaviour == Misbehaviour.TRUNCATE && !overTcp) {
            response.getHeader().setFlag(Flags.TC);
        } else {
            fill(response, qname, question.getType());
        }
        OPTRecord opt = query.getOPT();
        int limit = UDP_PLAIN_LIMIT;
        if (opt != null) {
            response.addRecord(new OPTRecord(Math.max(UDP_PLAIN_LIMIT, opt.getPayloadSize()), 0, 0), Section.ADDITIONAL);
            limit = Math.max(UDP_PLAIN_LIMIT, opt.getPayloadSize());
        }
        byte[] out = overTcp ? response.toWire() : response.toWire(limit);
        return Optional.of(new Reply(out, delays.getOrDefault(qname, Duration.ZERO)));
    }

    private void fill(Message response, Name qname, int type) {
        Name current = qname;
        Set<Name> seen = new HashSet<>();
        seen.add(current);
        for (int i = 0; i < MAX_CHAIN; i++) {
            if (nxDomains.contains(current)) {
                negative(response, Rcode.NXDOMAIN);
                return;
            }
            List<Record> records = zone.getOrDefault(current, List.of());
            List<Record> matching = new ArrayList<>();
            Optional<CNAMERecord> alias = Optional.empty();
            for (Record r : records) {
                if (r.getType() == type || type == Type.ANY) {
                    matching.add(r);
                } else if (r instanceof CNAMERecord c) {
                    alias = Optional.of(c);
                }
            }
            if (!matching.isEmpty()) {
                matching.forEach(r -> response.addRecord(r, Section.ANSWER));
                return;
            }
            if (alias.isPresent()) {
                response.addRecord(alias.get(), Section.ANSWER);
                current = alias.get().getTarget();
                if (!seen.add(current)) {
                    // A loop: the chain so far is the answer, and the client must notice.
                    return;
                }
                continue;
            }
            negative(response, records.isEmpty() ? Rcode.NXDOMAIN : Rcode.NOERROR);
            return;
        }
    }

    private void negative(Message response, int rcode) {
        response.getHeader().setRcode(rcode);
        long ttl = negativeTtlSeconds;
        response.addRecord(new SOARecord(name("loopback.test"), DClass.IN, ttl, name("ns.loopback.test"),
                name("hostmaster.loopback.test"), 1, 3600, 600, 86_400, ttl), Section.AUTHORITY);
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text.toLowerCase(Locale.ROOT), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + text, e);
        }
    }

    private static InetAddress literal(String ip) {
        // Only literals: InetAddress.getByName would ask the machine's resolver for anything else.
        if (!ip.contains(":") && !ip.matches("[0-9.]+")) {
            throw new IllegalArgumentException("not an IP address literal: " + ip);
        }
        try {
            return InetAddress.getByName(ip);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an IP address literal: " + ip, e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
