package dev.mta.smtpd.session;

import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.Utf8Mode;
import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.Origin;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.Recipient;
import dev.mta.core.sink.SinkUnavailableException;
import dev.mta.core.smtp.Replies;
import dev.mta.core.smtp.Reply;
import dev.mta.smtpd.ListenerRole;
import dev.mta.smtpd.auth.AuthReplies;
import dev.mta.smtpd.auth.AuthResult;
import dev.mta.smtpd.auth.SaslExchange;
import dev.mta.smtpd.auth.SaslMechanism;
import dev.mta.smtpd.auth.SaslStep;
import dev.mta.smtpd.auth.User;
import dev.mta.smtpd.wire.BdatTransfer;
import dev.mta.smtpd.wire.ChunkEnd;
import dev.mta.smtpd.wire.DataDecoder;
import dev.mta.smtpd.wire.DataEnd;
import dev.mta.smtpd.wire.SmtpLine;
import dev.mta.smtpd.wire.SmtpLineDecoder;
import dev.mta.smtpd.wire.command.Command;
import dev.mta.smtpd.wire.command.CommandParser;
import dev.mta.smtpd.wire.command.ParseContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One SMTP session (RFC 5321), the last handler of a connection's pipeline. It sits behind the framer, which
 * is a {@link SmtpLineDecoder} between commands and a {@link DataDecoder} or a BDAT chunk decoder while content
 * streams; it swaps them by name ({@link #FRAMER}), so octets the old framer holds go to the new one.
 *
 * <p><b>Order.</b> Replies go out in the order the commands came (RFC 2920). A reply that waits for a stage (the
 * commit after the content, invariant 1) stops reading ({@code autoRead} off) and keeps the data framer in place,
 * which consumes nothing after the end of the message, so pipelined commands wait in its buffer and are decoded
 * only once the reply is written. Reading also stops while content writes are pending beyond a small bound and
 * while the channel is not writable, so neither a fast sender nor a client that does not read grows memory.
 *
 * <p><b>Timeouts</b> are per command, not per octet: the deadline is set when the session starts waiting for a
 * command and only a complete line cancels it (RFC 5321 section 4.5.3.2.7), so a byte-a-minute client is cut
 * off. While content streams, each chunk resets the data deadline (section 4.5.3.2.5).
 *
 * <p><b>AUTH</b> (RFC 4954) is offered only under TLS and only on the listeners {@link SessionAuth} names. The
 * SASL exchange runs here, line by line through a {@link SaslExchange}; the password check runs on the
 * {@link dev.mta.smtpd.auth.Authenticator}'s pool (invariant 2), and while it runs reading stops and pipelined
 * input is held, as while a message is committed. A refusal is written after the throttle's delay, scheduled on
 * the event loop. Nothing of the AUTH exchange is logged here; the authenticator logs the outcome.
 *
 * <p><b>Limits</b> kept here: an SMTP-role listener may delay its greeting, and a client that talks before it is
 * refused and closed ({@code 554 5.5.0}); MAIL commands per connection ({@code 421 4.7.0}, closed); messages per
 * authenticated user and period ({@code 450 4.7.1} at MAIL, counted once a commit succeeds). Aliases are applied
 * at RCPT from the table in use then, so a reload reaches open sessions at their next RCPT.
 *
 * <p>Not sharable: one per connection, confined to its event loop.
 */
public final class SmtpSession extends ChannelInboundHandlerAdapter {

    /** The pipeline name of the framer the session swaps. */
    public static final String FRAMER = "framer";

    /** The pipeline name of the TLS handler. */
    public static final String SSL = "ssl";

    /** Content writes in flight before reading stops. */
    private static final int MAX_PENDING_WRITES = 4;

    private static final Logger log = LoggerFactory.getLogger(SmtpSession.class);

    private final SessionConfig config;
    private final ListenerRole role;
    private final boolean relayClient;
    /** The local user on the submission socket; empty on TCP listeners. */
    private final Optional<LocalPeer> localPeer;
    private final CommandParser parser = new CommandParser();

    private ChannelHandlerContext ctx;
    private SessionFacts facts;
    private Phase phase = Phase.CONNECTED;
    private Transaction transaction;
    private int errors;
    private int pendingWrites;
    /** The end of the content, once read; the reply waits for pending writes and the commit. */
    private Optional<Reply> endRejection = Optional.empty();
    private boolean contentEnded;
    /** A BDAT chunk read only to be thrown away, and the reply it gets at its end. */
    private Reply discardChunkReply;
    private ScheduledFuture<?> deadline;
    /** The user after a successful AUTH, for the sender policy; its login is also in {@link #facts}. */
    private User user;
    /** The SASL exchange waiting for the client's next response line, or null. */
    private SaslExchange sasl;
    /** A password check runs, or its refusal waits for its delay: reading is off and input is held. */
    private boolean authWaiting;
    /** Implicit TLS waits for the SNI handler to choose a certificate before the greeting. */
    private boolean awaitingSni;
    /** MAIL commands this connection gave, for the messages-per-connection limit. */
    private int mailCommands;
    /** The greeting waits for its delay; anything the client sends now is an early talker's. */
    private ScheduledFuture<?> greeting;

    /**
     * @param config      what every session of the server shares
     * @param role        the listener's role
     * @param relayClient whether the client is in a relay network
     */
    public SmtpSession(SessionConfig config, ListenerRole role, boolean relayClient) {
        this.config = Objects.requireNonNull(config, "config");
        this.role = Objects.requireNonNull(role, "role");
        this.relayClient = relayClient;
        this.localPeer = Optional.empty();
    }

    /**
     * A session on the local submission socket: role {@link ListenerRole#LOCAL}, locally originated mail, no TLS
     * and no AUTH; the peer's user goes into the Received field.
     *
     * @param config    what every session of the server shares
     * @param localPeer the user the kernel reports for the connecting process
     */
    public SmtpSession(SessionConfig config, LocalPeer localPeer) {
        this.config = Objects.requireNonNull(config, "config");
        this.role = ListenerRole.LOCAL;
        this.relayClient = true;
        this.localPeer = Optional.of(localPeer);
    }

    /** The phase, for tests. */
    public Phase phase() {
        return phase;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        InetSocketAddress peer = context.channel().remoteAddress() instanceof InetSocketAddress address
                ? address : new InetSocketAddress("0.0.0.0", 0);
        if (localPeer.isPresent()) {
            facts = SessionFacts.connectedLocally(localPeer.get());
            log.info("connect from local user {}", localPeer.get().describe());
        } else {
            facts = SessionFacts.connected(peer, role, relayClient);
            log.info("connect from unknown[{}] ({})", facts.ip(), role.name().toLowerCase(java.util.Locale.ROOT));
        }
        Duration delay = config.timeouts().greetingDelay();
        if (context.pipeline().get(SSL) instanceof SniHandler) {
            // Implicit TLS with certificates by server name: the SNI handler passes writes through in plaintext
            // until it has read the client's hello and put the TLS handler in its place, so the greeting waits
            // for that (RFC 8314 section 3.3: nothing in plaintext). The deadline covers a silent client.
            awaitingSni = true;
            armDeadline(config.timeouts().command());
        } else if (role == ListenerRole.SMTP && !delay.isZero()) {
            // Read meanwhile: octets now come from a client that did not wait for the greeting (RFC 5321
            // section 4.3.1 has it wait), which is what spam engines do.
            greeting = context.executor().schedule(this::greet, delay.toNanos(), TimeUnit.NANOSECONDS);
        } else {
            greet();
        }
        context.fireChannelActive();
    }

    /**
     * Writes the greeting, unless the client has already sent octets that the framer holds (an incomplete line):
     * then it talked before the greeting.
     */
    private void greet() {
        greeting = null;
        if (phase == Phase.CLOSING || !ctx.channel().isActive()) {
            return;
        }
        if (ctx.pipeline().get(FRAMER) instanceof SmtpLineDecoder lines && lines.bufferedBytes() > 0) {
            earlyTalker();
            return;
        }
        reply(Replies.greeting(config.hostname()));
        armDeadline(config.timeouts().command());
    }

    private void earlyTalker() {
        if (greeting != null) {
            greeting.cancel(false);
            greeting = null;
        }
        log.info("unknown[{}]: talked before the greeting, closing", facts.ip());
        close(Replies.TALKED_BEFORE_GREETING);
    }

    /** Says a last reply, then closes; nothing read after is answered. */
    private void close(Reply reply) {
        phase = Phase.CLOSING;
        cancelDeadline();
        dropTransaction();
        ctx.writeAndFlush(reply.encode(ctx.alloc())).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        cancelDeadline();
        if (greeting != null) {
            greeting.cancel(false);
            greeting = null;
        }
        dropTransaction();
        phase = Phase.CLOSING;
        log.info("disconnect from unknown[{}]", facts == null ? "?" : facts.ip());
        context.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (phase == Phase.CLOSING) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (greeting != null) {
            ReferenceCountUtil.release(msg);
            earlyTalker();
            return;
        }
        if (sasl != null && msg instanceof SmtpLine line) {
            cancelDeadline();
            saslResponse(line);
            rearmCommandDeadline();
        } else if (msg instanceof SmtpLine.CommandLine line) {
            cancelDeadline();
            ParseContext parse = transaction != null && transaction.parameters().smtpUtf8()
                    ? ParseContext.SMTPUTF8 : ParseContext.ASCII;
            handle(parser.parse(line.text(), parse));
            rearmCommandDeadline();
        } else if (msg instanceof SmtpLine.RejectedLine rejected) {
            cancelDeadline();
            refuse(rejected.reply());
            rearmCommandDeadline();
        } else if (msg instanceof ByteBuf chunk) {
            content(chunk);
        } else if (msg instanceof DataEnd end) {
            contentEnd(end.rejection(), end.size());
        } else if (msg instanceof ChunkEnd end) {
            chunkEnd(end);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        updateAutoRead();
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof SniCompletionEvent sni && awaitingSni) {
            awaitingSni = false;
            if (sni.isSuccess()) {
                greet();
            }
        }
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (!handshake.isSuccess()) {
                log.info("TLS handshake failed with unknown[{}]: {}", facts.ip(), handshake.cause().toString());
                phase = Phase.CLOSING;
                context.close();
                return;
            }
            SSLSession session = context.pipeline().get(SslHandler.class).engine().getSession();
            // RFC 3207 section 4.2: after the handshake the session starts again from nothing known.
            dropTransaction();
            user = null;
            facts = facts.withTls(session.getProtocol(), session.getCipherSuite());
            phase = Phase.CONNECTED;
            log.info("unknown[{}]: TLS {} {}", facts.ip(), session.getProtocol(), session.getCipherSuite());
            rearmCommandDeadline();
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        log.info("unknown[{}]: {}", facts == null ? "?" : facts.ip(), cause.toString());
        phase = Phase.CLOSING;
        context.close();
    }

    // ---- commands --------------------------------------------------------------------------------------

    private void handle(Command command) {
        Optional<Reply> refusal = CommandChecks.check(command, phase, facts, transaction,
                config.tls().isPresent() && role.offersStartTls(), config.limits().messageSize().bytes(),
                config.limits().recipients(),
                config.authOfferedOn(role));
        if (refusal.isPresent()) {
            if (command instanceof Command.Bdat bdat) {
                // The chunk's octets follow the command whatever the answer: read them as data, never as
                // commands (RFC 3030 section 2), then refuse.
                discardChunk(bdat, refusal.get());
                return;
            }
            refuse(refusal.get());
            return;
        }
        if (command instanceof Command.Ehlo ehlo) {
            hello(ehlo.domainOrLiteral(), true);
        } else if (command instanceof Command.Helo helo) {
            hello(helo.domainOrLiteral(), false);
        } else if (command instanceof Command.Mail mail) {
            mail(mail);
        } else if (command instanceof Command.Rcpt rcpt) {
            rcpt(rcpt);
        } else if (command instanceof Command.Data) {
            data();
        } else if (command instanceof Command.Bdat bdat) {
            bdat(bdat);
        } else if (command instanceof Command.Rset) {
            dropTransaction();
            if (phase != Phase.CONNECTED) {
                phase = Phase.READY;
            }
            reply(Replies.OK);
        } else if (command instanceof Command.Noop) {
            reply(Replies.OK);
        } else if (command instanceof Command.Quit) {
            phase = Phase.CLOSING;
            ctx.writeAndFlush(Replies.BYE.encode(ctx.alloc())).addListener(ChannelFutureListener.CLOSE);
        } else if (command instanceof Command.Vrfy) {
            // RFC 5321 section 3.5.3: 252, never a hint whether the user exists.
            reply(Replies.CANNOT_VRFY);
        } else if (command instanceof Command.Help) {
            reply(SessionReplies.HELP);
        } else if (command instanceof Command.StartTls) {
            startTls();
        } else if (command instanceof Command.Auth auth) {
            auth(auth);
        } else if (command instanceof Command.HttpProbe probe) {
            // A web client or a cross-protocol attack: nothing it sends is SMTP; no reply, just close.
            log.info("unknown[{}]: {} request, closing", facts.ip(), probe.verb());
            phase = Phase.CLOSING;
            ctx.close();
        } else if (command instanceof Command.NotImplemented) {
            refuse(Replies.NOT_IMPLEMENTED);
        } else if (command instanceof Command.Unknown) {
            refuse(Replies.SYNTAX_ERROR);
        } else if (command instanceof Command.Invalid invalid) {
            refuse(invalid.reply());
        } else {
            refuse(Replies.NOT_IMPLEMENTED);
        }
    }

    private void hello(String name, boolean extended) {
        dropTransaction();
        facts = facts.withHelo(name, extended);
        phase = Phase.READY;
        if (!extended) {
            reply(Replies.helo(config.hostname()));
            return;
        }
        List<String> keywords = new ArrayList<>();
        keywords.add("PIPELINING");
        keywords.add("SIZE " + config.limits().messageSize().bytes());
        keywords.add("8BITMIME");
        keywords.add("SMTPUTF8");
        keywords.add("ENHANCEDSTATUSCODES");
        keywords.add("CHUNKING");
        keywords.add("BINARYMIME");
        keywords.add("DSN");
        if (config.tls().isPresent() && !facts.tls() && role.offersStartTls()) {
            keywords.add("STARTTLS");
        }
        if (facts.tls() && config.authOfferedOn(role)) {
            // RFC 4954 section 3; PLAIN and LOGIN send the password itself, so never before TLS (invariant 5).
            keywords.add("AUTH " + SaslMechanism.ehloParameter());
        }
        reply(Replies.ehlo(config.hostname(), keywords));
    }

    private void mail(Command.Mail mail) {
        if (mailCommands >= config.limits().messagesPerConnection()) {
            log.info("unknown[{}]: {} MAIL commands in one connection, closing", facts.ip(), mailCommands);
            close(Replies.TOO_MANY_MESSAGES);
            return;
        }
        mailCommands++;
        if (user != null) {
            Optional<Reply> notAllowed = config.auth().orElseThrow().senders().checkMailFrom(user, mail.path());
            if (notAllowed.isPresent()) {
                log.info("NOQUEUE: reject: MAIL from unknown[{}]: {}; from={} sasl_username={}", facts.ip(),
                        notAllowed.get().toWire().strip(), mail.path().pathForm(Utf8Mode.UTF8_ALLOWED),
                        user.login());
                refuse(notAllowed.get());
                return;
            }
        }
        if (user != null && !config.sendRate().allows(user.login().toString())) {
            // A 4xx, not counted as an error: the client is told to come back later, not that it erred.
            log.warn("NOQUEUE: reject: MAIL from unknown[{}]: {}; sasl_username={} over {}", facts.ip(),
                    Replies.RATE_LIMITED.toWire().strip(), user.login(), config.sendRate().rate());
            reply(Replies.RATE_LIMITED);
            return;
        }
        long expected = mail.params().declaredSize().orElse(0);
        if (!config.sink().hasRoomFor(expected)) {
            log.warn("NOQUEUE: reject: MAIL from unknown[{}]: {}; queue has no room", facts.ip(),
                    Replies.INSUFFICIENT_STORAGE.toWire().strip());
            reply(Replies.INSUFFICIENT_STORAGE);
            return;
        }
        transaction = new Transaction(mail.path(), mail.params());
        phase = Phase.MAIL;
        reply(Replies.SENDER_OK);
    }

    private void rcpt(Command.Rcpt rcpt) {
        RecipientPolicy.Decision decision = config.recipients().get().decide(rcpt.path(), facts.mayRelay(),
                config.aliases().get());
        if (decision instanceof RecipientPolicy.Decision.Refuse refusal) {
            log.info("NOQUEUE: reject: RCPT from unknown[{}]: {}; from={} to={}", facts.ip(),
                    refusal.reply().toWire().strip(), transaction.sender().pathForm(Utf8Mode.UTF8_ALLOWED),
                    rcpt.path().pathForm(Utf8Mode.UTF8_ALLOWED));
            refuse(refusal.reply());
            return;
        }
        RecipientPolicy.Decision.Accept accepted = (RecipientPolicy.Decision.Accept) decision;
        if (accepted.aliasedTo().isEmpty()) {
            transaction.addRecipientOnce(rcpt.params().toRecipient(accepted.mailbox()));
        } else {
            // The original stays known to DSNs as ORCPT (RFC 3461 section 4.2) unless the client gave one.
            Optional<String> original = rcpt.params().originalRecipient()
                    .or(() -> Optional.of(originalRecipient(accepted.mailbox())));
            for (Mailbox target : accepted.aliasedTo()) {
                transaction.addRecipientOnce(new Recipient(target, rcpt.params().notifyOn(), original));
            }
            log.info("NOQUEUE: alias: RCPT from unknown[{}]: to={} expanded to {} address{}", facts.ip(),
                    accepted.mailbox().pathForm(Utf8Mode.UTF8_ALLOWED), accepted.aliasedTo().size(),
                    accepted.aliasedTo().size() == 1 ? "" : "es");
        }
        phase = Phase.RCPT;
        reply(Replies.RECIPIENT_OK);
    }

    /**
     * ORCPT for a recipient replaced by an alias: {@code rfc822;} and the address (RFC 3461 section 4.2), or
     * {@code utf-8;} for a non-ASCII one (RFC 6533 section 3).
     */
    private static String originalRecipient(Mailbox mailbox) {
        return mailbox.needsSmtputf8() ? "utf-8;" + mailbox : "rfc822;" + mailbox.render(Utf8Mode.ASCII_ONLY);
    }

    private void data() {
        if (!openWriter()) {
            reply(Replies.LOCAL_ERROR);
            return;
        }
        transaction.transfer(Transaction.Transfer.DATA);
        phase = Phase.DATA;
        contentEnded = false;
        reply(Replies.START_MAIL_INPUT);
        armDeadline(config.timeouts().data());
        // Octets after the DATA line already read belong to the content: the swap hands them to the data
        // decoder at once (and may end the message), so it comes after the 354 is written.
        ctx.pipeline().replace(FRAMER, FRAMER, new DataDecoder(config.dataPolicy()));
    }

    private void bdat(Command.Bdat bdat) {
        if (transaction.writer().isEmpty() && !openWriter()) {
            discardChunk(bdat, Replies.LOCAL_ERROR);
            return;
        }
        if (transaction.bdat() == null) {
            transaction.bdat(new BdatTransfer(transaction.parameters().body(), config.dataPolicy()));
        }
        transaction.transfer(Transaction.Transfer.BDAT);
        contentEnded = false;
        BdatTransfer transfer = transaction.bdat();
        if (bdat.size() == 0) {
            phase = Phase.BDAT_CHUNK;
            if (bdat.last()) {
                // Commands pipelined after BDAT 0 LAST must wait for the commit's reply, as after any content.
                ctx.pipeline().replace(FRAMER, FRAMER, new HeldInput());
            }
            for (Object out : transfer.emptyChunk(bdat.last(), ctx.alloc())) {
                channelRead(ctx, out);
            }
            return;
        }
        phase = Phase.BDAT_CHUNK;
        ctx.pipeline().replace(FRAMER, FRAMER, transfer.nextChunk(bdat.size(), bdat.last()));
        armDeadline(config.timeouts().data());
    }

    /** Reads a refused chunk's octets and throws them away, then answers with {@code reply}. */
    private void discardChunk(Command.Bdat bdat, Reply reply) {
        discardChunkReply = reply;
        BdatTransfer throwaway = new BdatTransfer(dev.mta.core.sink.BodyType.BINARY_MIME,
                config.dataPolicy().withMaxMessageOctets(Long.MAX_VALUE));
        if (bdat.size() == 0) {
            for (Object out : throwaway.emptyChunk(bdat.last(), ctx.alloc())) {
                channelRead(ctx, out);
            }
            return;
        }
        ctx.pipeline().replace(FRAMER, FRAMER, throwaway.nextChunk(bdat.size(), bdat.last()));
        armDeadline(config.timeouts().data());
    }

    /**
     * Opens the sink writer at DATA or the first BDAT (not at MAIL: nothing is stored before content comes).
     * On failure the transaction is gone and the caller answers {@code 451 4.3.0}.
     */
    private boolean openWriter() {
        // Origin's client address is the local user for the submission socket, and its HELO is empty there.
        Origin origin = new Origin(config.clock().instant(),
                localPeer.isPresent() ? Origin.Channel.LOCAL : Origin.Channel.SMTP,
                localPeer.map(LocalPeer::describe).orElse(facts.ip()), Optional.empty(),
                localPeer.isPresent() ? Optional.empty() : facts.helo(), facts.authenticatedUser(),
                facts.tlsProtocol().map(p -> p + " " + facts.tlsCipher().orElse("")), facts.locallyOriginated());
        Envelope envelope = new Envelope(transaction.sender(), transaction.parameters(), transaction.recipients(),
                origin);
        MessageWriter writer;
        try {
            writer = config.sink().open(envelope);
        } catch (SinkUnavailableException e) {
            log.warn("NOQUEUE: reject: DATA from unknown[{}]: {}; {}", facts.ip(),
                    Replies.LOCAL_ERROR.toWire().strip(), e.getMessage());
            dropTransaction();
            phase = Phase.READY;
            return false;
        }
        transaction.writer(writer);
        log.info("{}: client=unknown[{}]", writer.id(), facts.ip());
        return true;
    }

    private void startTls() {
        if (!(ctx.pipeline().get(FRAMER) instanceof SmtpLineDecoder lines) || lines.bufferedBytes() > 0) {
            // CVE-2011-0411 (SECURITY.md S-04): octets after STARTTLS arrived in plaintext and would be taken
            // as commands inside TLS. They are never executed: the 220 is the last thing said, then we close.
            log.warn("unknown[{}]: data after STARTTLS before the handshake, closing", facts.ip());
            phase = Phase.CLOSING;
            ctx.writeAndFlush(Replies.READY_TO_START_TLS.encode(ctx.alloc())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        dropTransaction();
        // The handler goes first, in STARTTLS mode, before the 220
        // is written, so the reply leaves in plaintext and the next octets are read as TLS (STYLE.md recipe).
        ctx.pipeline().addFirst(SSL, config.tls().orElseThrow().newServerHandler(ctx.alloc(), true));
        reply(Replies.READY_TO_START_TLS);
    }

    // ---- content ---------------------------------------------------------------------------------------

    private void content(ByteBuf chunk) {
        if (discardChunkReply != null || transaction == null || transaction.writer().isEmpty()
                || transaction.writeFailed()) {
            chunk.release();
            return;
        }
        armDeadline(config.timeouts().data());
        transaction.headers().scan(chunk);
        pendingWrites++;
        updateAutoRead();
        Transaction current = transaction;
        CompletionStage<Void> written = transaction.writer().orElseThrow().write(chunk);
        written.whenComplete(onLoop((ignored, failure) -> {
            pendingWrites--;
            if (failure != null) {
                log.warn("unknown[{}]: write to the queue failed: {}", facts.ip(), failure.toString());
                current.markWriteFailed();
            }
            updateAutoRead();
            if (current == transaction) {
                finishIfReady();
            }
        }));
    }

    private void contentEnd(Optional<Reply> rejection, long size) {
        cancelDeadline();
        phase = Phase.STORING;
        contentEnded = true;
        endRejection = rejection;
        updateAutoRead();
        finishIfReady();
    }

    private void chunkEnd(ChunkEnd end) {
        // Each branch answers before it puts the line framer back: that hands over octets already read, and
        // the commands in them must be answered after this chunk (RFC 2920).
        if (discardChunkReply != null) {
            Reply reply = discardChunkReply;
            discardChunkReply = null;
            if (transaction != null && phase == Phase.BDAT_CHUNK) {
                phase = Phase.BDAT;
            }
            refuse(reply);
            rearmCommandDeadline();
            restoreLineFramer();
            return;
        }
        if (end.last()) {
            contentEnd(end.rejection(), end.messageSize());
            return;
        }
        if (!end.accepted()) {
            // RFC 3030 section 2: the chunk is answered with the refusal; the message is gone.
            Reply reply = end.rejection().orElseThrow();
            logRefusal(reply);
            dropTransaction();
            phase = Phase.READY;
            refuse(reply);
            rearmCommandDeadline();
            restoreLineFramer();
            return;
        }
        phase = Phase.BDAT;
        reply(Replies.chunkReceived(end.octets()));
        rearmCommandDeadline();
        restoreLineFramer();
    }

    /** Answers the message once the content has ended and every write has completed. */
    private void finishIfReady() {
        if (!contentEnded || pendingWrites > 0 || transaction == null) {
            return;
        }
        contentEnded = false;
        Transaction done = transaction;
        MessageWriter writer = done.writer().orElseThrow();
        if (endRejection.isPresent()) {
            logRefusal(endRejection.get());
            done.abort();
            afterMessage(endRejection.get());
            return;
        }
        if (done.writeFailed()) {
            done.abort();
            afterMessage(Replies.LOCAL_ERROR);
            return;
        }
        Optional<Reply> fromRefusal = fromHeaderRefusal(done);
        if (fromRefusal.isPresent()) {
            logRefusal(fromRefusal.get());
            done.abort();
            afterMessage(fromRefusal.get());
            return;
        }
        ZonedDateTime now = ZonedDateTime.now(config.clock());
        String header = ReceivedHeader.received(facts, config.hostname(), writer.id(), done.recipients(), now);
        if (facts.locallyOriginated()) {
            // RFC 6409 section 8: locally originated mail gets the fields it lacks.
            header += ReceivedHeader.missingFields(done.headers().hasMessageId(), done.headers().hasDate(),
                    writer.id(), config.hostname(), now);
        }
        done.detachWriter();
        User sender = user;
        ByteBuf headerBytes = Unpooled.copiedBuffer(header, StandardCharsets.UTF_8);
        CompletionStage<QueueId> committed = writer.commit(headerBytes);
        committed.whenComplete(onLoop((id, failure) -> {
            if (failure == null && sender != null) {
                // Counted once queued, even if the client has gone meanwhile: the message will be sent.
                config.sendRate().record(sender.login().toString());
            }
            if (phase == Phase.CLOSING || !ctx.channel().isActive()) {
                return;
            }
            if (failure != null) {
                log.warn("{}: commit failed: {}", writer.id(), failure.toString());
                afterMessage(Replies.LOCAL_ERROR);
                return;
            }
            // The queue logs "ID: from=<...>, size=N, nrcpt=N" for every message it takes, as Postfix's qmgr does.
            afterMessage(Replies.queued(id));
        }));
    }

    /**
     * For an authenticated user, the From header's domains must be ones it may use (DESIGN.md, "Domains, users,
     * addresses"): else {@code 550 5.7.1} and the message is dropped. From values too long to keep are refused
     * the same way, since they cannot be checked.
     */
    private Optional<Reply> fromHeaderRefusal(Transaction done) {
        if (user == null) {
            return Optional.empty();
        }
        Optional<Set<Domain>> domains = done.headers().fromValues().flatMap(FromDomains::of);
        if (domains.isEmpty()) {
            return Optional.of(Replies.FROM_NOT_ALLOWED);
        }
        return config.auth().orElseThrow().senders().checkFromHeader(user, domains.get());
    }

    private void logRefusal(Reply reply) {
        String id = transaction != null && transaction.writer().isPresent()
                ? transaction.writer().get().id().value() : "NOQUEUE";
        log.info("{}: reject: END-OF-DATA from unknown[{}]: {}", id, facts.ip(), reply.toWire().strip());
    }

    /** The reply after a message; then commands are read again, starting with any already pipelined. */
    private void afterMessage(Reply reply) {
        transaction = null;
        endRejection = Optional.empty();
        phase = Phase.READY;
        if (reply.isPermanentFailure()) {
            errors++;
        }
        reply(reply);
        rearmCommandDeadline();
        updateAutoRead();
        restoreLineFramer();
    }

    // ---- AUTH ------------------------------------------------------------------------------------------

    private void auth(Command.Auth command) {
        // CommandChecks has refused unknown mechanisms; each AUTH gets a fresh exchange (CVE-2011-1720).
        SaslExchange exchange = SaslMechanism.byName(command.mechanism()).orElseThrow().newExchange();
        saslStep(exchange, exchange.start(command.initialResponse()));
    }

    /** A line while an exchange waits for a response: a response (or {@code *}), or a refused line. */
    private void saslResponse(SmtpLine line) {
        SaslExchange exchange = sasl;
        if (line instanceof SmtpLine.RejectedLine rejected) {
            // RFC 4954 section 4: an over-long response line ends the exchange with 500 5.5.6.
            endSasl();
            refuse(rejected.reply());
            return;
        }
        saslStep(exchange, exchange.respond(((SmtpLine.CommandLine) line).text()));
    }

    private void saslStep(SaslExchange exchange, SaslStep step) {
        if (step instanceof SaslStep.Challenge challenge) {
            sasl = exchange;
            if (ctx.pipeline().get(FRAMER) instanceof SmtpLineDecoder lines) {
                lines.expectAuthResponse(true);
            }
            reply(challenge.reply());
            return;
        }
        endSasl();
        if (step instanceof SaslStep.Credentials credentials) {
            checkCredentials(credentials);
        } else if (step instanceof SaslStep.Failed failed) {
            authRefused(config.auth().orElseThrow().authenticator().refused(failed, clientAddress()));
        }
    }

    private void endSasl() {
        sasl = null;
        if (ctx.pipeline().get(FRAMER) instanceof SmtpLineDecoder lines) {
            lines.expectAuthResponse(false);
        }
    }

    /**
     * The hash check runs on the authenticator's pool. Meanwhile reading stops and the framer holds pipelined
     * octets undecoded (a client should not pipeline after AUTH, RFC 4954 section 4; one that does gets its
     * commands answered after the AUTH reply, in order).
     */
    private void checkCredentials(SaslStep.Credentials credentials) {
        authWaiting = true;
        ctx.pipeline().replace(FRAMER, FRAMER, new HeldInput());
        updateAutoRead();
        config.auth().orElseThrow().authenticator()
                .authenticate(credentials.authcid(), credentials.password(), clientAddress())
                .whenComplete(onLoop((result, failure) -> {
                    if (phase == Phase.CLOSING || !ctx.channel().isActive()) {
                        return;
                    }
                    if (failure != null) {
                        // Not expected (the authenticator completes every attempt normally); fail safe.
                        authDone(AuthReplies.TEMPORARY_FAILURE);
                    } else if (result instanceof AuthResult.Succeeded succeeded) {
                        user = succeeded.user();
                        facts = facts.withUser(succeeded.user().login().toString());
                        authDone(succeeded.reply());
                    } else {
                        authRefused((AuthResult.Refused) result);
                    }
                }));
    }

    /** Writes a refusal after its delay, scheduled on the event loop; input stays held until then. */
    private void authRefused(AuthResult.Refused refused) {
        if (refused.delay().isZero()) {
            authDone(refused.reply());
            return;
        }
        authWaiting = true;
        if (!(ctx.pipeline().get(FRAMER) instanceof HeldInput)) {
            ctx.pipeline().replace(FRAMER, FRAMER, new HeldInput());
        }
        updateAutoRead();
        ctx.executor().schedule(() -> {
            if (phase != Phase.CLOSING && ctx.channel().isActive()) {
                authDone(refused.reply());
            }
        }, refused.delay().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Answers the AUTH command, then reads again, starting with any held input. */
    private void authDone(Reply reply) {
        authWaiting = false;
        if (reply.code() >= 400) {
            refuse(reply);
        } else {
            reply(reply);
        }
        rearmCommandDeadline();
        updateAutoRead();
        restoreLineFramer();
    }

    private InetAddress clientAddress() {
        return facts.peer().getAddress() != null ? facts.peer().getAddress()
                : new InetSocketAddress(0).getAddress();
    }

    private void restoreLineFramer() {
        if (!(ctx.pipeline().get(FRAMER) instanceof SmtpLineDecoder)) {
            ctx.pipeline().replace(FRAMER, FRAMER, new SmtpLineDecoder());
        }
    }

    // ---- plumbing --------------------------------------------------------------------------------------

    private void dropTransaction() {
        if (transaction != null) {
            transaction.abort();
            transaction = null;
        }
        contentEnded = false;
    }

    private void refuse(Reply reply) {
        errors++;
        if (errors >= config.maxErrors()) {
            log.info("unknown[{}]: too many errors, closing", facts.ip());
            phase = Phase.CLOSING;
            dropTransaction();
            ctx.write(reply.encode(ctx.alloc()));
            ctx.writeAndFlush(Replies.TOO_MANY_ERRORS.encode(ctx.alloc())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        reply(reply);
    }

    private void reply(Reply reply) {
        ctx.writeAndFlush(reply.encode(ctx.alloc()));
    }

    /** Reading goes on only while no reply waits for a stage, writes are few, and the client reads ours. */
    private void updateAutoRead() {
        boolean read = phase != Phase.STORING && phase != Phase.CLOSING && !authWaiting
                && pendingWrites <= MAX_PENDING_WRITES && ctx.channel().isWritable();
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
            if (read) {
                ctx.read();
            }
        }
    }

    private void rearmCommandDeadline() {
        if (phase == Phase.CLOSING || phase == Phase.STORING || phase == Phase.DATA || phase == Phase.BDAT_CHUNK
                || authWaiting) {
            return;
        }
        armDeadline(config.timeouts().command());
    }

    private void armDeadline(Duration timeout) {
        cancelDeadline();
        deadline = ctx.executor().schedule(this::timedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void timedOut() {
        deadline = null;
        if (phase == Phase.CLOSING || phase == Phase.STORING) {
            return;
        }
        if (pendingWrites > MAX_PENDING_WRITES) {
            // Reading stopped because the queue is slow, not the client: not the client's timeout.
            armDeadline(config.timeouts().data());
            return;
        }
        log.info("unknown[{}]: timeout in phase {}, closing", facts.ip(), phase);
        phase = Phase.CLOSING;
        dropTransaction();
        ctx.writeAndFlush(Replies.TIMEOUT.encode(ctx.alloc())).addListener(ChannelFutureListener.CLOSE);
    }

    /** Runs a stage's completion on this channel's event loop, where all session state lives. */
    private <T> BiConsumer<T, Throwable> onLoop(BiConsumer<T, Throwable> action) {
        return (value, failure) -> {
            if (ctx.executor().inEventLoop()) {
                action.accept(value, failure);
            } else {
                ctx.executor().execute(() -> action.accept(value, failure));
            }
        };
    }
}
