package dev.mta.daemon.control;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** The answer on one control connection: a status line, then (after {@code ok}) the output text. */
public final class ControlAnswer {

    private final Writer out;
    private boolean started;

    ControlAnswer(OutputStream out) {
        this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    }

    /** Sends {@code ok}; the output follows through the returned writer. */
    public Writer ok() throws IOException {
        begin();
        out.write("ok\n");
        return out;
    }

    /** Sends {@code error} and a reason (escaped, one line); nothing follows. */
    public void error(String reason) throws IOException {
        begin();
        out.write("error " + TerminalText.escape(reason) + "\n");
    }

    /** Whether a status line was sent. */
    boolean started() {
        return started;
    }

    void flush() throws IOException {
        out.flush();
    }

    private void begin() {
        if (started) {
            throw new IllegalStateException("the status line was sent already");
        }
        started = true;
    }
}
