package dev.mta.smtpd.wire;

import dev.mta.core.smtp.Replies;
import dev.mta.core.smtp.Reply;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * A deliberately naive model of DATA reception, for differential tests of {@link DataDecoder}: it sees the
 * whole input at once, finds the end with a plain search, and splits lines with plain loops.
 */
final class DataReference {

    /**
     * @param consumed the input octets up to and including the end mark, or -1 without one
     * @param stored   the content as it would be stored when accepted
     */
    record Result(int consumed, byte[] stored, Optional<Reply> rejection, long size) {
    }

    private DataReference() {
    }

    static Result run(byte[] raw, DataPolicy policy) {
        // The CRLF of the DATA command counts: search "\r\n.\r\n" in CRLF + input.
        byte[] p = new byte[raw.length + 2];
        p[0] = '\r';
        p[1] = '\n';
        System.arraycopy(raw, 0, p, 2, raw.length);
        int mark = -1;
        for (int i = 0; i + 5 <= p.length; i++) {
            if (p[i] == '\r' && p[i + 1] == '\n' && p[i + 2] == '.' && p[i + 3] == '\r' && p[i + 4] == '\n') {
                mark = i;
                break;
            }
        }
        if (mark < 0) {
            return new Result(-1, new byte[0], Optional.empty(), 0);
        }
        byte[] content = Arrays.copyOfRange(raw, 0, mark);
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        boolean bare = false;
        boolean longLine = false;
        boolean inHeaders = true;
        int received = 0;
        int lineStart = 0;
        for (int i = 0; i < content.length; i++) {
            if (!(content[i] == '\r' && i + 1 < content.length && content[i + 1] == '\n')) {
                continue;
            }
            byte[] line = Arrays.copyOfRange(content, lineStart, i);
            lineStart = i + 2;
            i++;
            if (line.length > 0 && line[0] == '.') {
                line = Arrays.copyOfRange(line, 1, line.length);
            }
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            for (byte b : line) {
                if (b == '\r' || b == '\n') {
                    bare = true;
                }
                if (policy.normalizeBareLineEnds() && b == '\n') {
                    longLine |= current.size() > DataPolicy.MAX_LINE_OCTETS;
                    if (inHeaders) {
                        inHeaders = current.size() > 0;
                        received += isReceived(current.toByteArray()) && inHeaders ? 1 : 0;
                    }
                    stored.writeBytes(current.toByteArray());
                    stored.write('\r');
                    stored.write('\n');
                    current.reset();
                } else if (policy.normalizeBareLineEnds() && b == '\r') {
                    current.write(' ');
                } else {
                    current.write(b);
                }
            }
            longLine |= current.size() > DataPolicy.MAX_LINE_OCTETS;
            if (inHeaders) {
                inHeaders = current.size() > 0;
                received += isReceived(current.toByteArray()) && inHeaders ? 1 : 0;
            }
            stored.writeBytes(current.toByteArray());
            stored.write('\r');
            stored.write('\n');
        }
        byte[] out = stored.toByteArray();
        Optional<Reply> rejection = Optional.empty();
        if (out.length > policy.maxMessageOctets()) {
            rejection = Optional.of(Replies.MESSAGE_TOO_BIG);
        } else if (bare && !policy.normalizeBareLineEnds()) {
            rejection = Optional.of(Replies.BARE_LINE_ENDING);
        } else if (longLine && policy.enforceLineLength()) {
            rejection = Optional.of(Replies.LINE_OVER_998_OCTETS);
        } else if (received >= policy.receivedLimit()) {
            rejection = Optional.of(Replies.TOO_MANY_HOPS);
        }
        return new Result(mark + 3, out, rejection, out.length);
    }

    private static boolean isReceived(byte[] line) {
        String text = new String(line, java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.matches("(?is)received[ \t]*:.*");
    }
}
