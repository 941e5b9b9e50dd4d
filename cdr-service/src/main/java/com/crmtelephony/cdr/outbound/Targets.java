package com.crmtelephony.cdr.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a tenant's webhooks may go: http(s) URLs on the public internet, on port 80 or 443. A URL
 * naming or resolving to this host, a private network, link-local addresses (cloud metadata at
 * 169.254.169.254) or any address not globally routable, in any of its written forms (IPv4-mapped
 * and -compatible IPv6, NAT64, 6to4, Teredo), is refused, at registration and again before each
 * delivery. The name is resolved once for a delivery, and the delivery connects to the address
 * that was checked: a name that resolves elsewhere the second time (DNS rebinding) gains nothing.
 * Only a host:port in {@code crm.outbound.allowed-targets} (a test's receiver) is exempt. A
 * refusal never says which address the name resolved to.
 */
final class Targets {

    /** A URL that may be delivered to, and the address its delivery connects to. */
    record Target(URI uri, String scheme, String host, int port, InetAddress address) {
    }

    /** Either a target or why there is none. */
    record Checked(Target target, String refusal) {
        static Checked refused(String why) {
            return new Checked(null, why);
        }
    }

    private final List<String> allowed;

    Targets(List<String> allowed) {
        this.allowed = allowed.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    }

    /** @return null when the URL may be delivered to; else why not */
    String refusal(String url) {
        return check(url).refusal();
    }

    Checked check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return Checked.refused("url must be an absolute http(s) URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Checked.refused("url must be an http(s) URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Checked.refused("url must name a host, with no user info and no fragment");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.matches("[0-9][0-9a-fx.]*") && !bare.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}")) {
            // 0177.0.0.1, 0x7f000001, 127.1, 2130706433: read as one address here and as another
            // by other software; only a name or a canonical dotted quad is taken.
            return Checked.refused("url's host must be a name or an address written as a.b.c.d");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        boolean listed = allowed.contains(host + ":" + port);
        if (!listed && port != 80 && port != 443) {
            return Checked.refused("url must use port 80 or 443");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException | SecurityException e) {
            return Checked.refused("the url's host does not resolve");
        }
        if (!listed) {
            for (InetAddress address : addresses) {
                if (!globallyRoutable(address)) {
                    return Checked.refused("the url's host is loopback, private or otherwise not a public address");
                }
            }
        }
        return new Checked(new Target(uri, scheme, bare, port, addresses[0]), null);
    }

    /**
     * Whether an address is a public unicast one: IPv4 outside every special-purpose range of the
     * IANA registry; IPv6 in global unicast (2000::/3) outside its special blocks. Everything that
     * embeds an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) is refused whole: each can
     * lead to this network.
     */
    static boolean globallyRoutable(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            int third = b[2] & 0xff;
            return !(first == 0                                      // this network
                    || first == 10                                   // private
                    || first == 100 && second >= 64 && second < 128  // carrier-grade NAT
                    || first == 127                                  // loopback
                    || first == 169 && second == 254                 // link-local, cloud metadata
                    || first == 172 && second >= 16 && second < 32   // private
                    || first == 192 && second == 0 && third == 0     // IETF protocol assignments
                    || first == 192 && second == 0 && third == 2     // TEST-NET-1
                    || first == 192 && second == 88 && third == 99   // 6to4 relay anycast
                    || first == 192 && second == 168                 // private
                    || first == 198 && (second == 18 || second == 19) // benchmarking
                    || first == 198 && second == 51 && third == 100  // TEST-NET-2
                    || first == 203 && second == 0 && third == 113   // TEST-NET-3
                    || first >= 224);                                // multicast, reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            int third = b[2] & 0xff;
            int fourth = b[3] & 0xff;
            if ((first & 0xe0) != 0x20) {
                return false; // outside 2000::/3: ::, ::1, mapped, compatible, 64:ff9b::, 100::, fc00::/7, fe80::/10, ff00::/8
            }
            if (first == 0x20 && second == 0x02) {
                return false; // 6to4 2002::/16
            }
            if (first == 0x20 && second == 0x01 && third == 0x00 && fourth == 0x00) {
                return false; // Teredo 2001::/32
            }
            if (first == 0x20 && second == 0x01 && third == 0x0d && fourth == 0xb8) {
                return false; // documentation 2001:db8::/32
            }
            // 2001::/23, the IETF protocol assignments (benchmarking 2001:2::/48, ORCHID 2001:10::/28 and 2001:20::/28)
            return !(first == 0x20 && second == 0x01 && third < 0x02);
        }
        return false;
    }
}
