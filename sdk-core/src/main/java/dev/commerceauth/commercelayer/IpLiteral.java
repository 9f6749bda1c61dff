package dev.commerceauth.commercelayer;

/**
 * Checks that a text is an IP address literal, without ever resolving a host name: an IPv4
 * dotted quad ({@code 203.0.113.7}, four decimal numbers 0..255 without leading zeros) or an IPv6
 * address in the RFC 4291 text forms ({@code 2001:db8::7}, {@code ::ffff:203.0.113.7}), without
 * brackets, zone ({@code %eth0}), port, prefix length or whitespace. Anything else, CR and LF
 * included, is refused, so a checked value is safe in an HTTP header.
 */
final class IpLiteral {

    private IpLiteral() {
    }

    /**
     * Whether the text is an IPv4 or IPv6 literal.
     *
     * @param text the text, may be null
     * @return whether it is a literal
     */
    static boolean isValid(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return false;
        }
        return text.indexOf(':') < 0 ? isIpv4(text) : isIpv6(text);
    }

    private static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return false;
            }
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) < '0' || p.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return false; // "::" at most once
        }
        String head = gap < 0 ? text : text.substring(0, gap);
        String tail = gap < 0 ? "" : text.substring(gap + 2);
        int groups = 0;
        String[] sides = gap < 0 ? new String[] {head} : new String[] {head, tail};
        for (int s = 0; s < sides.length; s++) {
            if (sides[s].isEmpty()) {
                continue;
            }
            String[] parts = sides[s].split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                boolean last = s == sides.length - 1 && i == parts.length - 1;
                if (last && parts[i].indexOf('.') >= 0) {
                    if (!isIpv4(parts[i])) {
                        return false;
                    }
                    groups += 2; // an embedded IPv4 address fills the last two groups
                } else if (isHexGroup(parts[i])) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return gap < 0 ? groups == 8 : groups <= 7;
    }

    private static boolean isHexGroup(String group) {
        if (group.isEmpty() || group.length() > 4) {
            return false;
        }
        for (int i = 0; i < group.length(); i++) {
            if (Character.digit(group.charAt(i), 16) < 0 || group.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }
}
