package dev.mta.delivery.client;

import dev.mta.core.smtp.EnhancedStatus;
import dev.mta.core.smtp.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the bytes a server sends into {@link Reply} values, strictly (RFC 5321 section 4.2), or into one
 * {@link ProtocolError} after which it reads nothing more.
 *
 * <p>Why not Netty's {@code SmtpResponseDecoder}: it frames on a bare LF, reads the code leniently and does not
 * check that a multi-line reply keeps one code. Here:
 * <ul>
 *   <li>lines end in CRLF only; a bare LF, or a CR not followed by LF, is an error;</li>
 *   <li>each line is a three-digit code (first digit 2 to 5, second 0 to 5), then {@code "-"} for a line that
 *       continues, or a space or nothing for the last line, then the text;</li>
 *   <li>every line of a reply has the same code;</li>
 *   <li>a line is at most {@code maxLineOctets}, a reply at most {@code maxLines} lines and {@code maxReplyOctets}
 *       octets, so memory is bounded whatever the server sends (SECURITY.md S-07, CVE-2020-8794).</li>
 * </ul>
 * The text is kept with control characters, backslashes and octets outside printable ASCII escaped as
 * {@code \xNN}, and cut to fit a 512-octet reply line, so remote text can be stored in the queue and logged
 * without forging a line. An enhanced status code (RFC 2034 section 4) is taken from the first line when it agrees
 * with the reply code, and removed from each line that carries the same one.
 */
public final class SmtpReplyDecoder extends ByteToMessageDecoder {

    /** Limits that keep a reply small; the defaults leave room for any real server's EHLO reply. */
    public record Limits(int maxLineOctets, int maxLines, int maxReplyOctets) {
        public static final Limits DEFAULT = new Limits(2048, 100, 64 * 1024);

        public Limits {
            if (maxLineOctets < 5 || maxLines < 1 || maxReplyOctets < maxLineOctets) {
                throw new IllegalArgumentException("limits too small: " + maxLineOctets + ", " + maxLines + ", "
                        + maxReplyOctets);
            }
        }
    }

    private final Limits limits;
    private final List<String> texts = new ArrayList<>();
    private int code = -1;
    private int replyOctets;
    private boolean failed;

    public SmtpReplyDecoder() {
        this(Limits.DEFAULT);
    }

    public SmtpReplyDecoder(Limits limits) {
        this.limits = limits;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed && in.isReadable()) {
            int start = in.readerIndex();
            int end = lineEnd(in, start);
            if (end == NEED_MORE) {
                if (in.readableBytes() > limits.maxLineOctets()) {
                    fail(in, out, "reply line longer than " + limits.maxLineOctets() + " octets");
                }
                return;
            }
            if (end == BARE_LINE_END) {
                fail(in, out, "bare CR or LF in a reply");
                return;
            }
            int lineOctets = end - start;
            if (lineOctets + 2 > limits.maxLineOctets()) {
                fail(in, out, "reply line longer than " + limits.maxLineOctets() + " octets");
                return;
            }
            String error = line(in, start, lineOctets, out);
            in.readerIndex(end + 2);
            if (error != null) {
                fail(in, out, error);
                return;
            }
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }

    private static final int NEED_MORE = -1;
    private static final int BARE_LINE_END = -2;

    /** The index of the CR of the first CRLF from {@code start}, or why there is none. */
    private static int lineEnd(ByteBuf in, int start) {
        int limit = in.writerIndex();
        for (int i = start; i < limit; i++) {
            byte b = in.getByte(i);
            if (b == '\n') {
                return BARE_LINE_END;
            }
            if (b == '\r') {
                if (i + 1 == limit) {
                    return NEED_MORE;
                }
                return in.getByte(i + 1) == '\n' ? i : BARE_LINE_END;
            }
        }
        return NEED_MORE;
    }

    /** Reads one line without its CRLF; returns an error text, or null when it was fine. */
    private String line(ByteBuf in, int start, int length, List<Object> out) {
        if (length < 3) {
            return "reply line shorter than a reply code";
        }
        int lineCode = replyCode(in.getByte(start), in.getByte(start + 1), in.getByte(start + 2));
        if (lineCode < 0) {
            return "not a reply code (RFC 5321 section 4.2)";
        }
        if (code >= 0 && lineCode != code) {
            return "reply code changes within a multi-line reply";
        }
        boolean last;
        if (length == 3) {
            last = true;
        } else {
            byte separator = in.getByte(start + 3);
            if (separator != '-' && separator != ' ') {
                return "reply code not followed by a space or hyphen";
            }
            last = separator == ' ';
        }
        code = lineCode;
        replyOctets += length + 2;
        if (texts.size() + 1 > limits.maxLines() || replyOctets > limits.maxReplyOctets()) {
            return "reply longer than " + limits.maxLines() + " lines or " + limits.maxReplyOctets() + " octets";
        }
        texts.add(length > 4 ? escape(in, start + 4, length - 4) : "");
        if (last) {
            out.add(toReply());
            texts.clear();
            code = -1;
            replyOctets = 0;
        }
        return null;
    }

    private static int replyCode(byte first, byte second, byte third) {
        if (first < '2' || first > '5' || second < '0' || second > '5' || third < '0' || third > '9') {
            return -1;
        }
        return (first - '0') * 100 + (second - '0') * 10 + (third - '0');
    }

    /** Printable ASCII and tab as they are; every other octet, and the backslash, as {@code \xNN}. */
    private static String escape(ByteBuf in, int from, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = from; i < from + length; i++) {
            int b = in.getByte(i) & 0xFF;
            if ((b >= 0x20 && b < 0x7F && b != '\\') || b == '\t') {
                text.append((char) b);
            } else {
                text.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        return text.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Reply toReply() {
        Optional<EnhancedStatus> status = code / 100 == 3 ? Optional.empty() : statusOf(texts.get(0))
                .filter(s -> s.agreesWith(code));
        List<String> lines = new ArrayList<>(texts.size());
        int room = Reply.MAX_LINE_OCTETS - 4 - 2 - status.map(s -> s.format().length() + 1).orElse(0);
        for (String text : texts) {
            String kept = text;
            if (status.isPresent()) {
                String prefix = status.get().format();
                if (kept.equals(prefix)) {
                    kept = "";
                } else if (kept.startsWith(prefix + " ")) {
                    kept = kept.substring(prefix.length() + 1);
                }
            }
            lines.add(cut(kept, room));
        }
        return new Reply(code, status, lines);
    }

    /** The status code at the start of {@code text}: {@code d.d.d} followed by a space or the end of the text. */
    private static Optional<EnhancedStatus> statusOf(String text) {
        int space = text.indexOf(' ');
        return EnhancedStatus.tryParse(space < 0 ? text : text.substring(0, space));
    }

    /** Cuts text to {@code room} characters without splitting an escape in two. */
    private static String cut(String text, int room) {
        if (text.length() <= room) {
            return text;
        }
        int end = room - 3;
        int backslash = text.lastIndexOf('\\', end - 1);
        if (backslash >= 0 && backslash > end - 4) {
            end = backslash;
        }
        return text.substring(0, end) + "...";
    }

    /** Octets received but not yet part of a whole reply (RFC 3207 section 4.2 asks: none, after STARTTLS's 220). */
    int undecodedOctets() {
        return actualReadableBytes() + (texts.isEmpty() ? 0 : 1);
    }

    private void fail(ByteBuf in, List<Object> out, String reason) {
        failed = true;
        texts.clear();
        in.skipBytes(in.readableBytes());
        out.add(new ProtocolError(reason));
    }
}
