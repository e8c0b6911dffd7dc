package dev.mta.smtpd.wire;

import dev.mta.core.smtp.Replies;
import dev.mta.core.smtp.Reply;
import dev.mta.smtpd.wire.SmtpLine.CommandLine;
import dev.mta.smtpd.wire.SmtpLine.RejectedLine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Frames SMTP command lines, strictly: a line ends at CRLF and nowhere else (RFC 5321 section 2.3.8). Emits
 * one {@link SmtpLine} per CRLF: a {@link CommandLine} or a {@link RejectedLine}. Unlike Netty's
 * {@code LineBasedFrameDecoder}, a bare LF never ends a line, which is what SMTP smuggling relies on.
 *
 * <p><b>Bad lines.</b> A line that holds a bare LF or a bare CR, anywhere, is refused as a whole: everything
 * from the start of the line to the next CRLF is one rejected line, answered once with {@code 500 5.5.2}.
 * The bytes after a bare LF are therefore never taken as the start of a new command: {@code NOOP\nMAIL
 * FROM:<x@y>\r\n} is one refused line, not a refused NOOP followed by an executed MAIL (SECURITY.md S-01,
 * "bare LF ending a command"). A line longer than the limit is answered {@code 500 5.5.2} (RFC 5321 section
 * 4.5.3.1.4); its excess is discarded as it arrives, up to the next CRLF, never buffered. Invalid UTF-8 is
 * refused too (RFC 6531 allows UTF-8 and nothing else). The reply is emitted when the bad line's CRLF
 * arrives, so that replies and lines stay one to one.
 *
 * <p><b>Limits.</b> The limit counts the CRLF. Command lines: 512 octets by default. An {@code AUTH} command
 * line may carry an initial response and gets the AUTH limit (12288 octets, RFC 4954 section 4), and so do
 * SASL response lines once the session calls {@link #expectAuthResponse(boolean)}; those are refused with
 * {@code 500 5.5.6} (RFC 4954 section 6). Memory per connection is bounded by the larger limit.
 *
 * <p><b>Switching modes.</b> After {@code 354} or {@code BDAT}, the session replaces this handler with a
 * {@link DataDecoder} or {@link BdatDecoder}; Netty hands the bytes still held here to the new handler. Before
 * it switches to TLS, the session asks {@link #bufferedBytes()}: anything held after the {@code STARTTLS} line
 * was sent in plaintext before the handshake and must not be executed (CVE-2011-0411, SECURITY.md S-04).
 *
 * <p>One instance per channel: it keeps the state of the line being read.
 */
public final class SmtpLineDecoder extends ByteToMessageDecoder {

    /** RFC 5321 section 4.5.3.1.4: 512 octets including CRLF. */
    public static final int DEFAULT_COMMAND_LINE_OCTETS = 512;

    /** RFC 4954 section 4: an AUTH command or response line of up to 12288 octets including CRLF. */
    public static final int AUTH_LINE_OCTETS = 12288;

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final int commandLineOctets;
    private final int authLineOctets;
    private boolean authResponse;
    /** The reply for the line being discarded up to its CRLF, or null when reading normally. */
    private Reply failure;
    /** How many octets of the current line are known to hold no line end, so slow input is not rescanned. */
    private int scanned;

    /** The defaults: 512-octet command lines, 12288-octet AUTH lines. */
    public SmtpLineDecoder() {
        this(DEFAULT_COMMAND_LINE_OCTETS, AUTH_LINE_OCTETS);
    }

    /**
     * @param commandLineOctets the longest command line, CRLF included; at least 512 (RFC 5321 section
     *                          4.5.3.1.4 makes 512 the minimum a server accepts)
     * @param authLineOctets    the longest AUTH command or SASL response line; at least {@code commandLineOctets}
     */
    public SmtpLineDecoder(int commandLineOctets, int authLineOctets) {
        if (commandLineOctets < DEFAULT_COMMAND_LINE_OCTETS || authLineOctets < commandLineOctets) {
            throw new IllegalArgumentException("line limits must satisfy 512 <= command <= auth, got "
                    + commandLineOctets + " and " + authLineOctets);
        }
        this.commandLineOctets = commandLineOctets;
        this.authLineOctets = authLineOctets;
    }

    /**
     * While true, every line is a SASL response (RFC 4954 section 4): it gets the AUTH limit, and a longer
     * line is refused with {@code 500 5.5.6}.
     */
    public void expectAuthResponse(boolean expect) {
        this.authResponse = expect;
    }

    /**
     * The octets received but not yet emitted as a line. After the {@code STARTTLS} line has been emitted this
     * must be zero, or the client (or someone in the middle) sent more in plaintext (CVE-2011-0411).
     */
    public int bufferedBytes() {
        return actualReadableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failure != null) {
            discardToLineEnd(in, out);
            return;
        }
        int start = in.readerIndex();
        int end = in.writerIndex();
        for (int i = start + scanned; i < end; i++) {
            byte b = in.getByte(i);
            if (b == CR) {
                if (i + 1 == end) {
                    scanned = i - start;
                    return;
                }
                if (in.getByte(i + 1) == LF) {
                    out.add(line(in, start, i));
                    in.readerIndex(i + 2);
                    scanned = 0;
                    return;
                }
                startDiscarding(in, i + 1, WireReplies.BARE_LINE_ENDING_IN_COMMAND, out);
                return;
            }
            if (b == LF) {
                startDiscarding(in, i + 1, WireReplies.BARE_LINE_ENDING_IN_COMMAND, out);
                return;
            }
            // i - start + 1 octets of text, plus the CRLF still to come.
            if (i - start + 3 > limit(in, start)) {
                startDiscarding(in, i, tooLongReply(), out);
                return;
            }
        }
        scanned = end - start;
    }

    private int limit(ByteBuf in, int start) {
        if (authResponse || startsWithAuth(in, start)) {
            return authLineOctets;
        }
        return commandLineOctets;
    }

    /** Whether the line starts with {@code "AUTH "}, case-insensitively (RFC 5321 section 2.4: verbs are). */
    private static boolean startsWithAuth(ByteBuf in, int start) {
        if (in.writerIndex() - start < 5) {
            return false;
        }
        return (in.getByte(start) | 0x20) == 'a' && (in.getByte(start + 1) | 0x20) == 'u'
                && (in.getByte(start + 2) | 0x20) == 't' && (in.getByte(start + 3) | 0x20) == 'h'
                && in.getByte(start + 4) == ' ';
    }

    private Reply tooLongReply() {
        return authResponse ? Replies.AUTH_LINE_TOO_LONG : Replies.LINE_TOO_LONG;
    }

    private void startDiscarding(ByteBuf in, int from, Reply reply, List<Object> out) {
        failure = reply;
        scanned = 0;
        in.readerIndex(from);
        discardToLineEnd(in, out);
    }

    /** Drops octets up to and including the next CRLF, then emits the failure; keeps at most a trailing CR. */
    private void discardToLineEnd(ByteBuf in, List<Object> out) {
        int end = in.writerIndex();
        for (int i = in.readerIndex(); i < end - 1; i++) {
            if (in.getByte(i) == CR && in.getByte(i + 1) == LF) {
                in.readerIndex(i + 2);
                out.add(new RejectedLine(failure));
                failure = null;
                return;
            }
        }
        boolean trailingCr = end > in.readerIndex() && in.getByte(end - 1) == CR;
        in.readerIndex(trailingCr ? end - 1 : end);
    }

    private static SmtpLine line(ByteBuf in, int start, int crIndex) {
        byte[] octets = new byte[crIndex - start];
        in.getBytes(start, octets);
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets))
                    .toString();
            return new CommandLine(text);
        } catch (CharacterCodingException e) {
            return new RejectedLine(WireReplies.INVALID_UTF8_IN_COMMAND);
        }
    }
}
