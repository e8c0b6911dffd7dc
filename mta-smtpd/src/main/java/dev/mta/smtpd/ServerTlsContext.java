package dev.mta.smtpd;

import dev.mta.core.tls.TlsMaterial;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's TLS context, behind an {@link AtomicReference} so a reload swaps the certificate in one step
 * without touching sessions that already shook hands (STYLE.md, "STARTTLS"). TLS 1.2 and 1.3 only (RFC 8996
 * retires the older versions); Netty's default cipher list for the JDK provider has no anonymous, export, NULL,
 * RC4 or 3DES suites. Thread-safe.
 */
public final class ServerTlsContext {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final AtomicReference<SslContext> current;

    public ServerTlsContext(TlsMaterial material) throws SSLException {
        this.current = new AtomicReference<>(build(material));
    }

    /** Replaces the certificate for new handshakes. */
    public void reload(TlsMaterial material) throws SSLException {
        current.set(build(material));
    }

    /**
     * A handler for one connection.
     *
     * @param startTls true after STARTTLS: the first write (the 220 reply) still goes out in plaintext
     */
    public SslHandler newHandler(ByteBufAllocator allocator, boolean startTls) {
        return new SslHandler(current.get().newEngine(allocator), startTls);
    }

    private static SslContext build(TlsMaterial material) throws SSLException {
        Objects.requireNonNull(material, "material");
        return SslContextBuilder.forServer(material.key(), material.chain().toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .build();
    }
}
