package dev.mta.core.smtp;

import java.util.Objects;
import java.util.Optional;

/**
 * An enhanced mail system status code {@code class.subject.detail}, such as {@code 5.1.1} (RFC 3463 section 2;
 * the codes in use are registered by IANA under RFC 5248).
 *
 * <p>The syntax is strict, as RFC 3463 section 2 writes it: the class is 2 (success), 4 (persistent transient
 * failure) or 5 (permanent failure); subject and detail are one to three ASCII digits each, "without leading
 * zero digits", so each is in 0..999 and every code has exactly one text form. No white space anywhere.
 *
 * @param statusClass 2, 4 or 5
 * @param subject     0..999; 0 other, 1 addressing, 2 mailbox, 3 mail system, 4 network and routing,
 *                    5 mail delivery protocol, 6 message content, 7 security or policy
 * @param detail      0..999, meaningful together with the subject
 */
public record EnhancedStatus(int statusClass, int subject, int detail) {

    /** {@code 1*3digit} in RFC 3463 section 2. */
    private static final int MAX_SUB_CODE = 999;

    public EnhancedStatus {
        if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
            throw new IllegalArgumentException("status class must be 2, 4 or 5 (RFC 3463 section 2): " + statusClass);
        }
        checkSubCode("subject", subject);
        checkSubCode("detail", detail);
    }

    private static void checkSubCode(String name, int value) {
        if (value < 0 || value > MAX_SUB_CODE) {
            throw new IllegalArgumentException(
                    name + " must be in 0.." + MAX_SUB_CODE + " (RFC 3463 section 2): " + value);
        }
    }

    public static EnhancedStatus of(int statusClass, int subject, int detail) {
        return new EnhancedStatus(statusClass, subject, detail);
    }

    /**
     * Reads a code such as {@code "5.1.1"}: the whole text, nothing before or after it.
     *
     * @throws IllegalArgumentException when {@code text} is not exactly one status code
     */
    public static EnhancedStatus parse(CharSequence text) {
        Objects.requireNonNull(text, "text");
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "not an enhanced status code (RFC 3463 section 2): " + Printable.quote(text)));
    }

    /** Like {@link #parse}, for input that may well not be a code: empty instead of an exception. */
    public static Optional<EnhancedStatus> tryParse(CharSequence text) {
        if (text == null || text.length() < 5) {
            return Optional.empty();
        }
        char first = text.charAt(0);
        if ((first != '2' && first != '4' && first != '5') || text.charAt(1) != '.') {
            return Optional.empty();
        }
        int dot = indexOf(text, '.', 2);
        if (dot < 0) {
            return Optional.empty();
        }
        int subject = subCode(text, 2, dot);
        int detail = subCode(text, dot + 1, text.length());
        if (subject < 0 || detail < 0) {
            return Optional.empty();
        }
        return Optional.of(new EnhancedStatus(first - '0', subject, detail));
    }

    private static int indexOf(CharSequence text, char wanted, int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** The value of the digits in {@code [from, to)}, or -1 unless they are 1 to 3 ASCII digits without a leading zero. */
    private static int subCode(CharSequence text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 3 || (length > 1 && text.charAt(from) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            // Only ASCII digits: Character.isDigit would also take other scripts' digits.
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * Whether this code may accompany the reply code {@code replyCode}: a 2xx reply carries a 2.x.x code, a 4xx
     * a 4.x.x, a 5xx a 5.x.x (RFC 2034 section 4). A 3xx reply carries none.
     */
    public boolean agreesWith(int replyCode) {
        return replyCode / 100 == statusClass;
    }

    /** The code as written on the wire and in DSNs, e.g. {@code 5.1.1}. */
    public String format() {
        return statusClass + "." + subject + "." + detail;
    }

    @Override
    public String toString() {
        return format();
    }
}
