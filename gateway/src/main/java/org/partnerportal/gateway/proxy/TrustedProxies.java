package org.partnerportal.gateway.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.partnerportal.gateway.config.GatewayConfig;

import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The peers whose {@code X-Forwarded-For} is believed ({@code pp.gateway.trusted-proxies}): addresses
 * or CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}), since an ingress controller runs as several
 * pods whose addresses come from the cluster's pod range. {@value #NONE} says on purpose that no
 * proxy stands in front. Behind an ingress an empty list makes every client share the ingress's
 * address (and its per-IP budgets), so where {@code pp.gateway.require-trusted-proxies} holds (the
 * prod profile) an empty list stops the gateway at start-up, as does an entry that is not an address
 * or a range.
 */
@Singleton
@Startup
public class TrustedProxies {

    /** The value that says: no proxy in front of the gateway, believe no {@code X-Forwarded-For}. */
    public static final String NONE = "none";

    private record Range(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    @Inject
    TrustedProxies(GatewayConfig config) {
        this(config.trustedProxies(), config.requireTrustedProxies());
    }

    TrustedProxies(Optional<List<String>> entries, boolean required) {
        List<String> given = entries.orElse(List.of()).stream().map(String::trim).filter(e -> !e.isEmpty()).toList();
        if (given.isEmpty() && required) {
            throw new IllegalStateException("pp.gateway.trusted-proxies (PP_TRUSTED_PROXIES) is empty: behind an ingress "
                    + "every client would share its address and its rate limits. Set the proxies' addresses or CIDR "
                    + "ranges, or '" + NONE + "' when no proxy is in front of the gateway.");
        }
        List<Range> parsed = new ArrayList<>();
        for (String entry : given) {
            if (entry.equalsIgnoreCase(NONE)) {
                if (given.size() > 1) {
                    throw new IllegalStateException("pp.gateway.trusted-proxies: '" + NONE + "' stands alone");
                }
                continue;
            }
            parsed.add(parse(entry));
        }
        this.ranges = List.copyOf(parsed);
    }

    /** Whether this peer address (as the socket reports it) is a trusted proxy. */
    public boolean contains(String address) {
        if (ranges.isEmpty()) {
            return false;
        }
        byte[] bytes = literal(address);
        return bytes != null && ranges.stream().anyMatch(r -> r.contains(bytes));
    }

    private static Range parse(String entry) {
        int slash = entry.indexOf('/');
        String host = slash < 0 ? entry : entry.substring(0, slash);
        byte[] network = literal(host);
        if (network == null) {
            throw new IllegalStateException("pp.gateway.trusted-proxies: '" + entry + "' is not an IP address or CIDR range");
        }
        int prefix = network.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalStateException("pp.gateway.trusted-proxies: '" + entry + "' has no valid prefix length");
            }
        }
        return new Range(network, prefix);
    }

    /** The address's bytes, or null when it is not an IP literal (never a DNS lookup). */
    private static byte[] literal(String address) {
        if (address == null || address.isEmpty() || address.length() > 45 || !address.matches("[0-9A-Fa-f:.]+")
                || !address.contains(".") && !address.contains(":")) {
            return null;
        }
        if (!address.contains(":") && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
