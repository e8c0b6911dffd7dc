package dev.mta.core.address;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Scans an address literal (RFC 5321 section 4.1.3):
 * <pre>
 * address-literal = "[" ( IPv4-address-literal / IPv6-address-literal / General-address-literal ) "]"
 * IPv4-address-literal = Snum 3("." Snum)           ; Snum = 1*3DIGIT, 0 to 255
 * IPv6-address-literal = "IPv6:" IPv6-addr
 * IPv6-full   = IPv6-hex 7(":" IPv6-hex)
 * IPv6-comp   = [IPv6-hex *5(":" IPv6-hex)] "::" [IPv6-hex *5(":" IPv6-hex)]   ; at most 6 groups
 * IPv6v4-full = IPv6-hex 5(":" IPv6-hex) ":" IPv4-address-literal
 * IPv6v4-comp = [IPv6-hex *3(":" IPv6-hex)] "::" [IPv6-hex *3(":" IPv6-hex) ":"] IPv4-address-literal
 * </pre>
 * The numbers are converted to octets here and handed to {@link InetAddress#getByAddress(byte[])}, which
 * never consults DNS; no text is ever given to {@code InetAddress} to parse. An IPv4-mapped IPv6 address
 * ({@code ::ffff:192.0.2.1}) becomes the IPv4 address, as the JDK does, so both spellings are one value
 * and a relay check cannot be passed by choosing the other one. General address literals ({@code [tag:…]})
 * are refused: no tag is registered that a mail server could route to.
 */
final class AddressLiteralScanner {

    /** Longer than any IPv4 or IPv6 literal; stops the search for {@code ]} in garbage early. */
    private static final int MAX_CONTENT = 64;

    private AddressLiteralScanner() {
    }

    /** Scans from the {@code [} at {@code start}; the end index is just after the {@code ]}. */
    static Parsed<AddressLiteral> scan(CharSequence s, int start, int end) {
        int close = start + 1;
        while (close < end && s.charAt(close) != ']') {
            char c = s.charAt(close);
            if (c < 33 || c > 126 || c == '[' || close - start > MAX_CONTENT) {
                return Parsed.syntax(close - start > MAX_CONTENT || c == '['
                        ? "invalid address literal" : Chars.unexpected(s, close, end, "address literal"));
            }
            close++;
        }
        if (close >= end) {
            return Parsed.syntax("address literal has no closing ]");
        }
        String content = s.subSequence(start + 1, close).toString();
        byte[] octets;
        if (Chars.matchesIgnoreAsciiCase(content, 0, content.length(), "ipv6:")) {
            octets = ipv6(content, 5);
            if (octets == null) {
                return Parsed.syntax("invalid IPv6 address literal");
            }
        } else if (!content.isEmpty() && Chars.isDigit(content.charAt(0)) && content.indexOf(':') < 0) {
            octets = ipv4(content, 0, content.length());
            if (octets == null) {
                return Parsed.syntax("invalid IPv4 address literal");
            }
        } else if (content.indexOf(':') > 0) {
            return Parsed.syntax("general address literals [tag:content] are not supported");
        } else {
            return Parsed.syntax("invalid address literal");
        }
        try {
            return Parsed.ok(new AddressLiteral(InetAddress.getByAddress(octets)), close + 1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 octets are always an address", e);
        }
    }

    /** Four octets from {@code text[from, to)}, or null when it is not exactly {@code Snum 3("." Snum)}. */
    static byte[] ipv4(String text, int from, int to) {
        byte[] octets = new byte[4];
        int i = from;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= to || text.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
            int digits = 0;
            int value = 0;
            while (i < to && Chars.isDigit(text.charAt(i)) && digits < 3) {
                value = value * 10 + (text.charAt(i) - '0');
                digits++;
                i++;
            }
            if (digits == 0 || value > 255) {
                return null;
            }
            octets[part] = (byte) value;
        }
        return i == to ? octets : null;
    }

    /** Sixteen octets from {@code text[from, length)}, or null when it is not an RFC 5321 {@code IPv6-addr}. */
    static byte[] ipv6(String text, int from) {
        int length = text.length();
        int[] head = new int[8];
        int[] tail = new int[8];
        int headCount = 0;
        int tailCount = 0;
        boolean compressed = false;
        byte[] ipv4 = null;
        int i = from;
        if (text.startsWith("::", i)) {
            compressed = true;
            i += 2;
        }
        while (i < length) {
            int groupStart = i;
            while (i < length && Chars.isHexDigit(text.charAt(i)) && i - groupStart < 5) {
                i++;
            }
            if (i < length && text.charAt(i) == '.') {
                ipv4 = ipv4(text, groupStart, length);
                if (ipv4 == null) {
                    return null;
                }
                i = length;
                break;
            }
            if (i == groupStart || i - groupStart > 4 || headCount + tailCount >= 8) {
                return null;
            }
            int group = Integer.parseInt(text, groupStart, i, 16);
            if (compressed) {
                tail[tailCount++] = group;
            } else {
                head[headCount++] = group;
            }
            if (i == length) {
                break;
            }
            if (text.charAt(i) != ':') {
                return null;
            }
            if (i + 1 < length && text.charAt(i + 1) == ':') {
                if (compressed) {
                    return null;
                }
                compressed = true;
                i += 2;
            } else {
                i++;
                if (i == length) {
                    return null;
                }
            }
        }
        int groups = headCount + tailCount + (ipv4 != null ? 2 : 0);
        // RFC 5321: without "::" exactly 8 groups (an IPv4 tail counts as 2); with it, at most 6 explicit
        // groups, so "::" always stands for at least two zero groups.
        if (compressed ? groups > 6 : groups != 8) {
            return null;
        }
        byte[] octets = new byte[16];
        for (int k = 0; k < headCount; k++) {
            octets[2 * k] = (byte) (head[k] >> 8);
            octets[2 * k + 1] = (byte) head[k];
        }
        int tailStart = 8 - tailCount - (ipv4 != null ? 2 : 0);
        for (int k = 0; k < tailCount; k++) {
            octets[2 * (tailStart + k)] = (byte) (tail[k] >> 8);
            octets[2 * (tailStart + k) + 1] = (byte) tail[k];
        }
        if (ipv4 != null) {
            System.arraycopy(ipv4, 0, octets, 12, 4);
        }
        return octets;
    }
}
