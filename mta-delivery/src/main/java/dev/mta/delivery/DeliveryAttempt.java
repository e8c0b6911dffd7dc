package dev.mta.delivery;

import dev.mta.core.address.MailHost;
import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.Recipient;
import dev.mta.delivery.client.ConnectResult;
import dev.mta.delivery.client.ContentSource;
import dev.mta.delivery.client.Destination;
import dev.mta.delivery.client.OutboundEnvelope;
import dev.mta.delivery.client.Outcome;
import dev.mta.delivery.client.RecipientResult;
import dev.mta.delivery.client.SmtpClient;
import dev.mta.delivery.client.SmtpConnection;
import dev.mta.delivery.client.TransactionResult;
import dev.mta.delivery.route.Route;
import dev.mta.delivery.route.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One delivery attempt for some recipients of one message that share a destination (the part after the
 * {@code @}): route, connect hop by hop, one transaction with all of them, one outcome per recipient.
 *
 * <p>The next hop is tried when a connection fails: no TCP connection, a 4xx or 5xx greeting, a failed EHLO or a
 * TLS failure (the client reports each as a failed connect). Once a session is up the transaction's replies
 * decide, recipient by recipient. When every hop failed, the outcome is temporary if any failure was (one host
 * down must not bounce mail another host would refuse only today), else the last permanent one.
 *
 * <p>Sessions are reused: one left open by an earlier message to the same hop is taken from the
 * {@link ConnectionCache} first, and a session still good after the transaction goes back there.
 *
 * <p>Recording the outcomes and logging them is the caller's job ({@link MessageDelivery}); this class only talks
 * to the network. Never completes exceptionally: a bug of ours is a temporary failure (STYLE.md).
 */
public final class DeliveryAttempt {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryAttempt.class);

    private final Router router;
    private final SmtpClient client;
    private final ConnectionCache cache;

    /**
     * @param router where to go
     * @param client how to get there
     * @param cache  sessions kept for reuse between messages
     */
    public DeliveryAttempt(Router router, SmtpClient client, ConnectionCache cache) {
        this.router = Objects.requireNonNull(router, "router");
        this.client = Objects.requireNonNull(client, "client");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /**
     * Delivers the message to {@code recipients}, all of them at {@code host}.
     *
     * @return one outcome per recipient, in the order given
     */
    public CompletionStage<List<DeliveryOutcome>> run(QueueId id, MailHost host, Envelope envelope,
                                                      List<Recipient> recipients, ContentSource content) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("no recipients");
        }
        CompletionStage<List<DeliveryOutcome>> result;
        try {
            result = router.route(host).thenCompose(route -> {
                if (route instanceof Route.Unroutable unroutable) {
                    return CompletableFuture.completedFuture(same(unroutable.outcome(), recipients.size()));
                }
                OutboundEnvelope outbound = new OutboundEnvelope(envelope.sender(), envelope.parameters(),
                        recipients);
                return tryHops(id, ((Route.Hops) route).hops(), 0, outbound, content, null);
            });
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.exceptionally(error -> {
            LOG.error("{}: delivery attempt failed unexpectedly: {}", id, error.toString());
            return same(new DeliveryOutcome.TempFail(DeliveryReplies.LOCAL_ERROR, Optional.empty()),
                    recipients.size());
        });
    }

    private CompletionStage<List<DeliveryOutcome>> tryHops(QueueId id, List<Destination> hops, int index,
                                                           OutboundEnvelope envelope, ContentSource content,
                                                           DeliveryOutcome failedSoFar) {
        if (index == hops.size()) {
            return CompletableFuture.completedFuture(same(failedSoFar, envelope.recipients().size()));
        }
        Destination hop = hops.get(index);
        Relay relay = new Relay(hop.hostName(), hop.address());
        Optional<SmtpConnection> cached = cache.take(hop);
        if (cached.isPresent()) {
            return cached.get().send(envelope, content).thenCompose(transaction -> {
                if (failedBeforeTransaction(transaction)) {
                    // A cached session that died while idle (closed, or RSET refused) is no reason to defer: the
                    // message goes out at once on a new one.
                    LOG.debug("{}: cached session to {} unusable: {}", id, relay, transaction.detail().orElse(""));
                    cached.get().close();
                    return connectAndSend(id, hops, index, hop, relay, envelope, content, failedSoFar);
                }
                return CompletableFuture.completedFuture(finish(hop, cached.get(), transaction, relay));
            });
        }
        return connectAndSend(id, hops, index, hop, relay, envelope, content, failedSoFar);
    }

    private CompletionStage<List<DeliveryOutcome>> connectAndSend(QueueId id, List<Destination> hops, int index,
                                                                  Destination hop, Relay relay,
                                                                  OutboundEnvelope envelope, ContentSource content,
                                                                  DeliveryOutcome failedSoFar) {
        return client.connect(hop).thenCompose(result -> {
            if (result instanceof ConnectResult.Failed failed) {
                LOG.info("{}: connect to {}: {} ({})", id, relay, failed.reply(), failed.detail());
                DeliveryOutcome outcome = DeliveryOutcome.of(failed.reply(), Optional.of(relay), false);
                // A temporary failure, once seen, decides when no later hop does better.
                DeliveryOutcome worst = failedSoFar instanceof DeliveryOutcome.TempFail
                        && !(outcome instanceof DeliveryOutcome.TempFail) ? failedSoFar : outcome;
                return tryHops(id, hops, index + 1, envelope, content, worst);
            }
            SmtpConnection connection = ((ConnectResult.Connected) result).connection();
            return connection.send(envelope, content).thenApply(transaction -> finish(hop, connection, transaction,
                    relay));
        });
    }

    /** Keeps a session that is still good for the next message; the client's idle timer ends it otherwise. */
    private List<DeliveryOutcome> finish(Destination hop, SmtpConnection connection, TransactionResult transaction,
                                         Relay relay) {
        if (connection.isOpen() && transaction.detail().isEmpty()) {
            cache.offer(hop, connection);
        } else {
            connection.quit();
        }
        return outcomes(transaction, relay);
    }

    /**
     * Whether a transaction on a reused session failed before any reply about the message: every recipient
     * temporary for a failure of the client's own (a closed connection, RSET refused), and no reply to the data.
     * Sending again on a new session then is no more a duplicate risk than the retry a deferral would bring.
     */
    private static boolean failedBeforeTransaction(TransactionResult transaction) {
        return transaction.detail().isPresent() && transaction.dataReply().isEmpty()
                && transaction.recipients().stream().allMatch(r -> r.outcome() == Outcome.TEMPORARY);
    }

    private static List<DeliveryOutcome> outcomes(TransactionResult transaction, Relay relay) {
        return transaction.recipients().stream()
                .map((RecipientResult r) -> DeliveryOutcome.of(r.reply(), Optional.of(relay),
                        transaction.dsnPassedOn()))
                .toList();
    }

    private static List<DeliveryOutcome> same(DeliveryOutcome outcome, int count) {
        return Collections.nCopies(count, outcome);
    }
}
