package dev.mta.testkit.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** What {@link ScriptedSmtpServer} does in place of its default answer to one command. */
public sealed interface ScriptedResponse {

    /**
     * Writes these octets in one write, as they are: a reply, several, a malformed one, or a reply followed by
     * injected lines.
     *
     * @param octets what to write
     */
    record Send(byte[] octets) implements ScriptedResponse {
        public Send {
            octets = octets.clone();
        }

        @Override
        public byte[] octets() {
            return octets.clone();
        }

        /** Whether the first octet is {@code digit}, e.g. '2' for a positive completion. */
        boolean startsWith(char digit) {
            return octets.length > 0 && octets[0] == digit;
        }

        /** Whether this starts like the given reply code, e.g. 354 or 220. */
        boolean hasCode(int code) {
            return octets.length >= 3 && new String(octets, 0, 3, StandardCharsets.US_ASCII).equals(
                    Integer.toString(code));
        }
    }

    /** Says nothing and reads on until the client goes: a server too slow for any timeout. */
    record Silence() implements ScriptedResponse {
    }

    /** Closes the connection without a word. */
    record Close() implements ScriptedResponse {
    }

    /** One reply per argument line, each ended with CRLF: {@code reply("250-a", "250 b")}. */
    static ScriptedResponse reply(String... lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(Objects.requireNonNull(line, "line")).append("\r\n");
        }
        return raw(text.toString());
    }

    /** Exactly these characters (UTF-8), with no CRLF added. */
    static ScriptedResponse raw(String text) {
        return new Send(text.getBytes(StandardCharsets.UTF_8));
    }

    static ScriptedResponse silence() {
        return new Silence();
    }

    static ScriptedResponse close() {
        return new Close();
    }
}
