package dev.mta.dkim;

import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.QueueId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The signing stage (DESIGN.md, "Where DKIM signs"): a {@link MessageWriter} around another that hands every
 * buffer on unchanged while it hashes the body, and at commit stores the {@code DKIM-Signature} fields ahead of
 * the content through {@link MessageWriter#commit(ByteBuf)}.
 *
 * <p>Which keys sign is decided at the end of the header, when the From domain is known. All hashing and
 * signing runs on the injected executor, one task after another in message order, never on the caller's thread
 * (a Netty event loop). To do that without copying, each buffer is duplicated with its own reference before it
 * goes to the inner writer (which releases the original); the hashing task releases the duplicate. A write
 * completes when both the inner write and the hashing of that chunk are done, so the caller's back-pressure
 * also bounds how many buffers wait for the hasher.
 *
 * <p>DKIM never holds a message up: with no From, no key, a header over the limit or any failure in hashing or
 * signing, the message is logged and committed unsigned.
 */
public final class SigningMessageWriter implements MessageWriter {

    private static final Logger LOG = LoggerFactory.getLogger(SigningMessageWriter.class);

    private final MessageWriter inner;
    private final SigningKeyring keyring;
    private final DkimSigner signer;
    private final Executor executor;

    // Touched only by the tasks of the chain, which run one after another.
    private final MessageSplitter splitter;
    private List<HeaderField> headers = List.of();
    private List<SigningKey> keys = List.of();
    private BodyCanonicalizer bodyHasher;
    private String notSigned;

    // The caller's side: one caller, in order (MessageWriter's contract).
    private CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    private volatile boolean aborted;

    /**
     * @param inner          the writer that stores the message
     * @param keyring        the keys by From domain
     * @param signer         makes the signature fields
     * @param executor       where hashing and signing run
     * @param maxHeaderBytes a header larger than this is not signed
     */
    public SigningMessageWriter(MessageWriter inner, SigningKeyring keyring, DkimSigner signer, Executor executor,
                                int maxHeaderBytes) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.splitter = new MessageSplitter(maxHeaderBytes, new Listener());
    }

    @Override
    public QueueId id() {
        return inner.id();
    }

    @Override
    public CompletionStage<Void> write(ByteBuf data) {
        // Take our own reference before the inner writer may release the buffer.
        ByteBuf ours = data.retainedDuplicate();
        chain = chain.thenRunAsync(() -> hash(ours), executor).handle((v, failure) -> {
            if (failure != null) {
                // The task never ran (the executor refused it), so its reference is still ours to drop.
                ours.release();
                stopSigning("hashing could not be scheduled: " + failure);
            }
            return null;
        });
        CompletableFuture<Void> hashed = chain;
        return inner.write(data).thenCombine(hashed, (stored, ignored) -> null);
    }

    @Override
    public CompletionStage<QueueId> commit(ByteBuf header) {
        byte[] extra = new byte[header.readableBytes()];
        header.getBytes(header.readerIndex(), extra);
        CompletableFuture<ByteBuf> signature = chain
                .thenApplyAsync(v -> signatureFields(extra), executor)
                .exceptionally(failure -> {
                    LOG.warn("{}: not signed: {}", inner.id(), failure.toString());
                    return null;
                });
        // inner.commit runs on the worker, or on this thread if signing is already done; either is fine, since
        // MessageWriter calls never block. Not thenComposeAsync: an executor that refuses work must not strand
        // the message.
        return signature.thenCompose(fields -> inner.commit(fields == null ? header
                : Unpooled.wrappedBuffer(fields, header)));
    }

    @Override
    public void abort() {
        aborted = true;
        inner.abort();
    }

    private void hash(ByteBuf data) {
        try {
            if (notSigned == null && !aborted) {
                splitter.update(data);
            }
        } catch (RuntimeException e) {
            stopSigning("hashing failed: " + e);
        } finally {
            data.release();
        }
    }

    /** Runs last in the chain: ends the body, signs, and returns the fields, or null to commit unsigned. */
    private ByteBuf signatureFields(byte[] extraHeader) {
        if (aborted) {
            return null;
        }
        if (notSigned == null) {
            splitter.finish();
        }
        if (notSigned != null) {
            return null;
        }
        try {
            List<HeaderField> all = new ArrayList<>(parse(extraHeader));
            all.addAll(headers);
            byte[] fields = signer.sign(all, bodyHasher.finish(), keys);
            for (SigningKey key : keys) {
                LOG.info("{}: dkim signed, d={}, s={}, a={}", inner.id(), key.domain(), key.selector(),
                        key.algorithm().tag());
            }
            return Unpooled.wrappedBuffer(fields);
        } catch (DkimSigningException | RuntimeException e) {
            LOG.warn("{}: not signed: {}", inner.id(), e.getMessage(), e);
            return null;
        }
    }

    private void stopSigning(String reason) {
        if (notSigned == null) {
            notSigned = reason;
            bodyHasher = null;
            LOG.warn("{}: not signed: {}", inner.id(), reason);
        }
    }

    /** Header fields the caller adds at commit sit above the content's and are signed with them. */
    private static List<HeaderField> parse(byte[] header) {
        if (header.length == 0) {
            return List.of();
        }
        List<List<HeaderField>> found = new ArrayList<>();
        MessageSplitter parser = new MessageSplitter(Integer.MAX_VALUE, new MessageSplitter.Listener() {
            @Override
            public void headers(List<HeaderField> fields) {
                found.add(fields);
            }

            @Override
            public void body(ByteBuf chunk) {
                throw new IllegalArgumentException("the commit header holds more than header fields");
            }

            @Override
            public void headersTooLarge(int limit) {
                throw new IllegalStateException("unreachable");
            }
        });
        ByteBuf buf = Unpooled.wrappedBuffer(header);
        parser.update(buf);
        parser.finish();
        return found.get(0);
    }

    /** Decides at the end of the header whether and with which keys to sign, then hashes the body. */
    private final class Listener implements MessageSplitter.Listener {

        @Override
        public void headers(List<HeaderField> fields) {
            headers = fields;
            Optional<String> from = FromDomain.of(fields);
            if (from.isEmpty()) {
                stopSigning("no single From address");
                return;
            }
            keys = keyring.keysFor(from.get());
            if (keys.isEmpty()) {
                // Ordinary for a domain we do not sign for; not worth a warning.
                notSigned = "no key for " + from.get();
                LOG.debug("{}: not signed: {}", inner.id(), notSigned);
                return;
            }
            bodyHasher = signer.newBodyHasher();
        }

        @Override
        public void body(ByteBuf chunk) {
            if (bodyHasher != null) {
                bodyHasher.update(chunk);
            }
        }

        @Override
        public void headersTooLarge(int limit) {
            stopSigning("header larger than " + limit + " bytes");
        }
    }
}
