package dev.mta.daemon.sendmail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Splits standard input into lines the way a Unix program writes them: LF ends a line, and so do CRLF and a
 * lone CR (so a stray CR can never reach the server as a bare CR, DESIGN.md invariant 10). A line is returned
 * without its end. One line is held at a time, up to {@code maxLine} octets.
 */
final class InputLines {

    private final PushbackInputStream in;
    private final int maxLine;
    /** Whether the last line read ended at the end of input without a line end. */
    private boolean endOfInput;

    InputLines(InputStream in, int maxLine) {
        this.in = new PushbackInputStream(in, 1);
        this.maxLine = maxLine;
    }

    /**
     * @return the next line without its end; null at the end of input
     * @throws SendmailException {@link SysExit#DATAERR} for a line over the limit, {@link SysExit#IOERR} when
     *                           the input cannot be read
     */
    byte[] next() throws SendmailException {
        if (endOfInput) {
            return null;
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    endOfInput = true;
                    return line.size() == 0 ? null : line.toByteArray();
                }
                if (b == '\n') {
                    return line.toByteArray();
                }
                if (b == '\r') {
                    int after = in.read();
                    if (after >= 0 && after != '\n') {
                        in.unread(after);
                    }
                    return line.toByteArray();
                }
                if (line.size() >= maxLine) {
                    throw new SendmailException(SysExit.DATAERR, "a line of the message is longer than " + maxLine
                            + " octets; encode the body (quoted-printable or base64)");
                }
                line.write(b);
            }
        } catch (IOException e) {
            throw new SendmailException(SysExit.IOERR, "cannot read the message from standard input: "
                    + e.getMessage(), e);
        }
    }
}
