package dev.mta.core.address;

/**
 * Writes a stored (unquoted) local part back in the form RFC 5321 section 4.1.2 requires: as a dot-string
 * when it is one, otherwise as a quoted string. Section 4.1.2 asks senders to use the quoted form only
 * when needed, so {@code "abc"@x} goes out as {@code abc@x}; inside quotes only {@code "} and {@code \}
 * get a backslash, the minimal quoting, so the written form is never longer than what was received.
 */
final class LocalPartQuoting {

    private LocalPartQuoting() {
    }

    static String render(String localPart) {
        if (isDotString(localPart)) {
            return localPart;
        }
        StringBuilder quoted = new StringBuilder(localPart.length() + 2).append('"');
        for (int i = 0; i < localPart.length(); i++) {
            char c = localPart.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    /** Atoms of atext or non-ASCII characters (RFC 6531) separated by single dots. */
    static boolean isDotString(String localPart) {
        if (localPart.isEmpty()) {
            return false;
        }
        boolean afterDot = true;
        for (int i = 0; i < localPart.length(); i++) {
            char c = localPart.charAt(i);
            if (c == '.') {
                if (afterDot) {
                    return false;
                }
                afterDot = true;
            } else if (c < 0x80 && !Chars.isAtext(c)) {
                return false;
            } else {
                afterDot = false;
            }
        }
        return !afterDot;
    }
}
