package dev.mta.smtpd.session;

import dev.mta.core.address.ReversePath;
import dev.mta.core.sink.MailParameters;
import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.Recipient;
import dev.mta.smtpd.wire.BdatTransfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One mail transaction, from MAIL FROM to the reply after the content (RFC 5321 section 3.3). A new one starts
 * with every MAIL; RSET, EHLO, HELO and STARTTLS drop it, aborting a writer that was opened, so nothing of it
 * survives (CVE-2020-28019). Mutable, confined to the session's event loop.
 */
public final class Transaction {

    /** How the content is being sent; DATA and BDAT cannot be mixed in one transaction (RFC 3030 section 2). */
    enum Transfer { NONE, DATA, BDAT }

    private final ReversePath sender;
    private final MailParameters parameters;
    private final List<Recipient> recipients = new ArrayList<>();
    private Transfer transfer = Transfer.NONE;
    private MessageWriter writer;
    private BdatTransfer bdat;
    private final HeaderPresence headers = new HeaderPresence();
    private boolean writeFailed;

    public Transaction(ReversePath sender, MailParameters parameters) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
    }

    public ReversePath sender() {
        return sender;
    }

    public MailParameters parameters() {
        return parameters;
    }

    public List<Recipient> recipients() {
        return List.copyOf(recipients);
    }

    public int recipientCount() {
        return recipients.size();
    }

    void addRecipient(Recipient recipient) {
        recipients.add(recipient);
    }

    /**
     * Adds a recipient unless its address is already one: an alias and a direct RCPT, or two aliases, that end at
     * one mailbox deliver to it once (as Postfix's duplicate filter does). The first one's DSN parameters stay.
     */
    void addRecipientOnce(Recipient recipient) {
        for (Recipient known : recipients) {
            if (known.address().equals(recipient.address())) {
                return;
            }
        }
        recipients.add(recipient);
    }

    Transfer transfer() {
        return transfer;
    }

    void transfer(Transfer how) {
        this.transfer = how;
    }

    Optional<MessageWriter> writer() {
        return Optional.ofNullable(writer);
    }

    void writer(MessageWriter opened) {
        this.writer = opened;
    }

    BdatTransfer bdat() {
        return bdat;
    }

    void bdat(BdatTransfer transferState) {
        this.bdat = transferState;
    }

    HeaderPresence headers() {
        return headers;
    }

    boolean writeFailed() {
        return writeFailed;
    }

    void markWriteFailed() {
        this.writeFailed = true;
    }

    /** Drops the writer without storing anything; safe to call more than once. */
    void abort() {
        if (writer != null) {
            MessageWriter w = writer;
            writer = null;
            w.abort();
        }
    }

    /** Forgets the writer after a commit was started: it is no longer ours to abort. */
    void detachWriter() {
        writer = null;
    }
}
