package dev.mta.core.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An SMTP reply: a three-digit code, an optional enhanced status code, and one or more lines of text
 * (RFC 5321 section 4.2).
 *
 * <p>Everything is checked when the value is made, so a reply that exists can be written to the wire as it is:
 * <ul>
 *   <li>the code is {@code 2xx} to {@code 5xx} with a second digit of 0 to 5 (RFC 5321 section 4.2: the ABNF
 *       {@code Reply-code = %x32-35 %x30-35 %x30-39});</li>
 *   <li>an enhanced status agrees with the code's class, and a {@code 3xx} reply has none (RFC 2034
 *       section 4);</li>
 *   <li>the text is {@code textstring} of RFC 5321 section 4.2: horizontal tab and printable US-ASCII only.
 *       CR, LF, NUL and every other control character are refused, so no text, wherever it came from, can
 *       end a reply line early or smuggle a second reply into the stream;</li>
 *   <li>each line on the wire, code and CRLF included, is at most 512 octets (RFC 5321 section
 *       4.5.3.1.5).</li>
 * </ul>
 *
 * <p>On the wire every line but the last is {@code code "-" text} and the last is {@code code SP text}; the
 * enhanced status and a space precede the text of every line (RFC 2034 section 4: "the text part of almost all
 * response lines"), and every line ends in CRLF. The last line keeps its space even when the text is empty,
 * as the AUTH continuation {@code "334 "} needs (RFC 4954 section 4).
 *
 * @param code   the reply code, 200 to 559
 * @param status the enhanced status code; empty for 3xx replies, the greeting and the replies to HELO and EHLO
 * @param lines  the text of each line, without code, status or line end; at least one, possibly empty
 */
public record Reply(int code, Optional<EnhancedStatus> status, List<String> lines) {

    /** The longest reply line, reply code and CRLF included (RFC 5321 section 4.5.3.1.5). */
    public static final int MAX_LINE_OCTETS = 512;

    public Reply {
        checkCode(code);
        Objects.requireNonNull(status, "status");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line (RFC 5321 section 4.2)");
        }
        if (status.isPresent() && !status.get().agreesWith(code)) {
            throw new IllegalArgumentException("enhanced status " + status.get() + " does not agree with reply code "
                    + code + " (RFC 2034 section 4)");
        }
        int prefixOctets = 4 + status.map(s -> s.format().length() + 1).orElse(0);
        for (String line : lines) {
            checkText(line);
            if (prefixOctets + line.length() + 2 > MAX_LINE_OCTETS) {
                throw new IllegalArgumentException("reply line longer than " + MAX_LINE_OCTETS
                        + " octets (RFC 5321 section 4.5.3.1.5): " + Printable.quote(line));
            }
        }
    }

    private static void checkCode(int code) {
        int first = code / 100;
        int second = code / 10 % 10;
        if (code < 200 || first > 5 || second > 5) {
            throw new IllegalArgumentException("not an SMTP reply code (RFC 5321 section 4.2): " + code);
        }
    }

    private static void checkText(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != '\t' && (c < 0x20 || c > 0x7E)) {
                throw new IllegalArgumentException("reply text may hold only tab and printable US-ASCII "
                        + "(RFC 5321 section 4.2), found " + String.format("U+%04X", (int) c) + " in "
                        + Printable.quote(line));
            }
        }
    }

    /** A reply with an enhanced status code, e.g. {@code Reply.of(250, EnhancedStatus.of(2, 1, 0), "Sender ok")}. */
    public static Reply of(int code, EnhancedStatus status, String... lines) {
        return new Reply(code, Optional.of(status), List.of(lines));
    }

    /** A reply with an enhanced status code given as text, e.g. {@code Reply.of(550, "5.1.1", "No such user")}. */
    public static Reply of(int code, String status, String... lines) {
        return of(code, EnhancedStatus.parse(status), lines);
    }

    /** A reply without an enhanced status code: 3xx replies, the greeting, and the replies to HELO and EHLO. */
    public static Reply withoutStatus(int code, String... lines) {
        return new Reply(code, Optional.empty(), List.of(lines));
    }

    /** 2xx: the command was carried out (RFC 5321 section 4.2.1). */
    public boolean isPositiveCompletion() {
        return code / 100 == 2;
    }

    /** 3xx: go on, the server waits for more (the message after DATA, the next AUTH response). */
    public boolean isPositiveIntermediate() {
        return code / 100 == 3;
    }

    /** 4xx: not now; the same command may succeed later. */
    public boolean isTransientFailure() {
        return code / 100 == 4;
    }

    /** 5xx: not in this form; repeating the command as it is will fail again. */
    public boolean isPermanentFailure() {
        return code / 100 == 5;
    }

    /** The number of octets {@link #encodeTo} writes. */
    public int wireLength() {
        int prefixOctets = 4 + status.map(s -> s.format().length() + 1).orElse(0);
        int total = 0;
        for (String line : lines) {
            total += prefixOctets + line.length() + 2;
        }
        return total;
    }

    /** Writes the wire form, every line CRLF-ended, at the writer index of {@code out}. */
    public void encodeTo(ByteBuf out) {
        out.ensureWritable(wireLength());
        for (int i = 0; i < lines.size(); i++) {
            // The text is checked to be US-ASCII, so one char is one octet.
            ByteBufUtil.writeAscii(out, line(i));
            out.writeByte('\r').writeByte('\n');
        }
    }

    /** The wire form in a new buffer from {@code allocator}; the caller owns it (and a pipeline releases it). */
    public ByteBuf encode(ByteBufAllocator allocator) {
        ByteBuf out = allocator.buffer(wireLength());
        try {
            encodeTo(out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** The wire form as text, every line CRLF-ended. */
    public String toWire() {
        StringBuilder out = new StringBuilder(wireLength());
        for (int i = 0; i < lines.size(); i++) {
            out.append(line(i)).append("\r\n");
        }
        return out.toString();
    }

    private String line(int index) {
        StringBuilder line = new StringBuilder(MAX_LINE_OCTETS).append(code);
        line.append(index == lines.size() - 1 ? ' ' : '-');
        status.ifPresent(s -> line.append(s.format()).append(' '));
        return line.append(lines.get(index)).toString();
    }

    /** The wire form on one line, lines joined by a space, for a log line such as {@code status=sent (250 2.0.0 Ok)}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(line(i));
        }
        return out.toString();
    }
}
