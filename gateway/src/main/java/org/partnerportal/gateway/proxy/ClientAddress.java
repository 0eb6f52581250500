package org.partnerportal.gateway.proxy;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.http.HttpServerRequest;

/**
 * The client's IP address. {@code X-Forwarded-For} is believed only when the request came from a
 * trusted proxy; otherwise anyone could claim any address and dodge the per-IP limits.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String peer(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    /** Walks the forwarded chain from the nearest hop back while the hops are trusted proxies. */
    static String resolve(HttpServerRequest request, TrustedProxies trustedProxies) {
        String peer = peer(request);
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        List<String> chain = chain(request);
        for (int i = chain.size() - 1; i >= 0; i--) {
            String hop = chain.get(i);
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return chain.isEmpty() ? peer : chain.get(0);
    }

    /** What the service is told: the believed chain plus the peer. */
    static String forwardedFor(HttpServerRequest request, TrustedProxies trustedProxies) {
        String peer = peer(request);
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        List<String> chain = new ArrayList<>(chain(request));
        chain.add(peer);
        return String.join(", ", chain);
    }

    private static List<String> chain(HttpServerRequest request) {
        List<String> hops = new ArrayList<>();
        for (String header : request.headers().getAll("X-Forwarded-For")) {
            for (String hop : header.split(",")) {
                String h = hop.trim();
                if (!h.isEmpty() && h.length() <= 45 && h.matches("[0-9A-Fa-f:.]+")) {
                    hops.add(h);
                }
            }
        }
        return hops;
    }
}
