package dev.mta.delivery.bounce;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Header fields built from text that may come from elsewhere (a remote server's reply, an ORCPT, an ENVID): no
 * control character gets through, so nothing can end a field early and inject another one (SECURITY.md S-16),
 * and long fields are folded at spaces (RFC 5322 section 2.2.3) to stay under the 78-character guideline where a
 * space allows and under the 998-octet limit always (section 2.1.1).
 */
final class HeaderText {

    private static final int FOLD_AT = 78;
    private static final int HARD_LIMIT = 998;
    private static final DateTimeFormatter DATE = DateTimeFormatter
            .ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private HeaderText() {
    }

    /** Every control character (CR and LF above all) and DEL replaced by a space; other characters kept. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? ' ' : c);
        }
        return out.toString();
    }

    /** {@code name: value} with the value cleaned and folded, ending in CRLF. */
    static String field(String name, String value) {
        String line = name + ": " + clean(value);
        StringBuilder out = new StringBuilder(line.length() + 8);
        while (line.length() > FOLD_AT) {
            int cut = line.lastIndexOf(' ', FOLD_AT);
            if (cut <= name.length() + 1) {
                cut = line.indexOf(' ', FOLD_AT);
            }
            if (cut < 0 || cut <= name.length() + 1) {
                break;
            }
            out.append(line, 0, cut).append("\r\n");
            // The folding white space stays at the start of the continuation line (RFC 5322 section 2.2.3).
            line = line.substring(cut);
        }
        if (line.length() > HARD_LIMIT) {
            line = line.substring(0, HARD_LIMIT);
        }
        return out.append(line).append("\r\n").toString();
    }

    /** An RFC 5322 section 3.3 date-time in UTC. */
    static String date(Instant instant) {
        return DATE.format(instant);
    }
}
