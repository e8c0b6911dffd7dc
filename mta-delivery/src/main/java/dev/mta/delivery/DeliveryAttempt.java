package dev.mta.delivery;

import dev.mta.core.address.MailHost;
import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.Recipient;
import dev.mta.delivery.client.ConnectResult;
import dev.mta.delivery.client.ContentSource;
import dev.mta.delivery.client.Destination;
import dev.mta.delivery.client.OutboundEnvelope;
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
 * <p>Recording the outcomes and logging them is the caller's job ({@link MessageDelivery}); this class only talks
 * to the network. Never completes exceptionally: a bug of ours is a temporary failure (STYLE.md).
 */
public final class DeliveryAttempt {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryAttempt.class);

    private final Router router;
    private final SmtpClient client;

    public DeliveryAttempt(Router router, SmtpClient client) {
        this.router = Objects.requireNonNull(router, "router");
        this.client = Objects.requireNonNull(client, "client");
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
        return client.connect(hop).thenCompose(result -> {
            if (result instanceof ConnectResult.Failed failed) {
                LOG.info("{}: connect to {}: {} ({})", id, relay, failed.reply(), failed.detail());
                DeliveryOutcome outcome = DeliveryOutcome.of(failed.reply(), Optional.of(relay));
                // A temporary failure, once seen, decides when no later hop does better.
                DeliveryOutcome worst = failedSoFar instanceof DeliveryOutcome.TempFail
                        && !(outcome instanceof DeliveryOutcome.TempFail) ? failedSoFar : outcome;
                return tryHops(id, hops, index + 1, envelope, content, worst);
            }
            SmtpConnection connection = ((ConnectResult.Connected) result).connection();
            return connection.send(envelope, content).thenApply(transaction -> {
                // Connection reuse across messages is not done yet: each attempt ends its session.
                connection.quit();
                return outcomes(transaction, relay);
            });
        });
    }

    private static List<DeliveryOutcome> outcomes(TransactionResult transaction, Relay relay) {
        return transaction.recipients().stream()
                .map((RecipientResult r) -> DeliveryOutcome.of(r.reply(), Optional.of(relay)))
                .toList();
    }

    private static List<DeliveryOutcome> same(DeliveryOutcome outcome, int count) {
        return Collections.nCopies(count, outcome);
    }
}
