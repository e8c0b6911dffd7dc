package dev.mta.daemon.sendmail;

import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of an address-list field value (RFC 5322 section 3.4: To, Cc, Bcc), for {@code -t}: mailboxes
 * ({@code a@x}, {@code Name <a@x>}, {@code a@x (comment)}) and groups ({@code team: a@x, b@y;}, the empty
 * {@code undisclosed-recipients:;}). Comments and quoted strings are skipped where they are text, so a comma or
 * an {@code @} inside them means nothing. The result is each address as written (an addr-spec, maybe without a
 * domain: {@code root}); checking it is the caller's. A pure function.
 */
final class AddressList {

    private AddressList() {
    }

    static List<String> addresses(String value) {
        List<String> result = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        StringBuilder angle = null;
        boolean sawAngle = false;
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            StringBuilder target = angle != null ? angle : plain;
            if (depth > 0) {
                if (c == '\\') {
                    i++;
                } else {
                    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                }
            } else if (quoted) {
                // A quoted local part belongs to the address; a quoted display name is dropped with the rest of
                // the plain text once an angle address shows up.
                target.append(c);
                if (c == '\\' && i + 1 < value.length()) {
                    target.append(value.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '(') {
                depth = 1;
            } else if (c == '"') {
                quoted = true;
                target.append(c);
            } else if (c == '<' && angle == null) {
                angle = new StringBuilder();
                sawAngle = true;
            } else if (c == '>' && angle != null) {
                plain.setLength(0);
                plain.append(angle);
                angle = null;
            } else if (c == ':' && angle == null && !sawAngle) {
                // A group's display name ends here; its members follow.
                plain.setLength(0);
            } else if ((c == ',' || c == ';') && angle == null) {
                add(result, plain);
                plain.setLength(0);
                sawAngle = false;
            } else {
                target.append(c);
            }
        }
        add(result, plain);
        return result;
    }

    private static void add(List<String> result, StringBuilder text) {
        String address = text.toString().strip();
        if (address.indexOf('"') < 0) {
            // Obsolete CFWS around the dot and @ (section 4.4); inside quotes white space is the address's own.
            address = address.replaceAll("[ \t\r\n]+", "");
        }
        if (!address.isEmpty()) {
            result.add(address);
        }
    }
}
