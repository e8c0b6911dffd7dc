package dev.mta.smtpd;

import dev.mta.core.tls.TlsMaterial;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.Mapping;

import javax.net.ssl.SSLException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's TLS contexts, behind an {@link AtomicReference} so a reload swaps every certificate in one step
 * without touching sessions that already shook hands (STYLE.md, "STARTTLS"): a handshake picks its context when
 * the client's hello arrives, and keeps it. TLS 1.2 and 1.3 only (RFC 8996 retires the older versions); Netty's
 * default cipher list for the JDK provider has no anonymous, export, NULL, RC4 or 3DES suites. Thread-safe.
 *
 * <p>With certificates for other server names, each connection's handler is Netty's {@link SniHandler}: it reads
 * the client's hello, takes the server name from the SNI extension (RFC 6066 section 3), and puts an
 * {@link SslHandler} of the matching context in its place; a hello without a name, or with a name that has no
 * certificate, gets the default one. Names match exactly, without case; there are no wildcards.
 */
public final class ServerTlsContext {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** One consistent set: the default context and those by server name. */
    private record Contexts(SslContext fallback, Map<String, SslContext> byName) {
        SslContext select(String serverName) {
            if (serverName == null) {
                return fallback;
            }
            return byName.getOrDefault(SniCertificate.normalize(serverName), fallback);
        }
    }

    private final AtomicReference<Contexts> current;

    public ServerTlsContext(TlsMaterial material) throws SSLException {
        this(material, Map.of());
    }

    /**
     * @param material     the default certificate
     * @param byServerName certificates for other server names (A-labels), chosen by SNI
     */
    public ServerTlsContext(TlsMaterial material, Map<String, TlsMaterial> byServerName) throws SSLException {
        this.current = new AtomicReference<>(build(material, byServerName));
    }

    /** Replaces the certificate for new handshakes; no certificates by server name. */
    public void reload(TlsMaterial material) throws SSLException {
        reload(material, Map.of());
    }

    /**
     * Replaces every certificate for new handshakes, in one step. When a context cannot be built nothing changes.
     *
     * @throws SSLException when a certificate or key cannot be used; the old ones stay in use
     */
    public void reload(TlsMaterial material, Map<String, TlsMaterial> byServerName) throws SSLException {
        current.set(build(material, byServerName));
    }

    /**
     * A handler with the default certificate, for one connection.
     *
     * @param startTls true after STARTTLS: the first write (the 220 reply) still goes out in plaintext
     */
    public SslHandler newHandler(ByteBufAllocator allocator, boolean startTls) {
        return new SslHandler(current.get().fallback().newEngine(allocator), startTls);
    }

    /**
     * The handler a connection starts TLS with: an {@link SniHandler} when there are certificates by server name,
     * else an {@link SslHandler} with the default one. After STARTTLS the 220 passes an SNI handler in plaintext
     * anyway (it only reads), and is written before the client's hello can come.
     *
     * @param startTls true after STARTTLS (see {@link #newHandler})
     */
    public ChannelHandler newServerHandler(ByteBufAllocator allocator, boolean startTls) {
        Contexts contexts = current.get();
        if (contexts.byName().isEmpty()) {
            return new SslHandler(contexts.fallback().newEngine(allocator), startTls);
        }
        // The mapping reads the current set when the hello arrives, so a reload in between already counts.
        Mapping<String, SslContext> byName = name -> current.get().select(name);
        return new SniHandler(byName);
    }

    private static Contexts build(TlsMaterial material, Map<String, TlsMaterial> byServerName) throws SSLException {
        Objects.requireNonNull(material, "material");
        Map<String, SslContext> byName = new HashMap<>();
        for (Map.Entry<String, TlsMaterial> entry : byServerName.entrySet()) {
            byName.put(SniCertificate.normalize(entry.getKey()), context(entry.getValue()));
        }
        return new Contexts(context(material), Map.copyOf(byName));
    }

    private static SslContext context(TlsMaterial material) throws SSLException {
        Objects.requireNonNull(material, "material");
        return SslContextBuilder.forServer(material.key(), material.chain().toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .build();
    }
}
