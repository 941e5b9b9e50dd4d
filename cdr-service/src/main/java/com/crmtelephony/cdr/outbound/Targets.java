package com.crmtelephony.cdr.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a tenant's webhooks may go: http(s) URLs on the public internet. A URL naming or resolving
 * to this host, a private network, link-local addresses (cloud metadata at 169.254.169.254) or
 * any other address not routed publicly is refused, at registration and again before each
 * delivery (a name may resolve elsewhere later), unless its host:port is explicitly allowed.
 */
final class Targets {

    private final List<String> allowed;

    Targets(List<String> allowed) {
        this.allowed = allowed.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    }

    /** @return null when the URL may be delivered to; else why not */
    String refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return "url must be an absolute http(s) URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "url must be an http(s) URL";
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return "url must name a host, with no user info and no fragment";
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (allowed.contains(host + ":" + port)) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return "the url's host does not resolve";
        }
        for (InetAddress address : addresses) {
            if (!publiclyRouted(address)) {
                return "the url's host is loopback, private or otherwise not public (" + address.getHostAddress() + ")";
            }
        }
        return null;
    }

    static boolean publiclyRouted(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0)    // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19))          // benchmarking
                    && first < 224;                                               // multicast, reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            boolean mappedV4 = true;
            for (int i = 0; i < 10; i++) {
                mappedV4 &= b[i] == 0;
            }
            if (mappedV4 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return publiclyRouted(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException impossible) {
                    return false;
                }
            }
        }
        return true;
    }
}
