package org.partnerportal.gateway.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every path of API.md, the service that owns it and who may call it. A request that matches no
 * row is denied: nothing reaches a service unless it is listed here.
 */
public final class PolicyTable {

    public static final String PARTNER = "partner-service";
    public static final String ENGAGEMENT = "engagement-service";
    public static final String NDA = "nda-service";
    public static final String NOTIFICATION = "notification-service";

    public record Rule(String method, String template, String service, Access access, RateClass rate,
            Pattern regex, List<String> params) {
    }

    public record Match(Rule rule, Map<String, String> params) {
    }

    private static final List<Rule> RULES = new ArrayList<>();

    static {
        // Partners and access
        rule("GET", "/api/partners", PARTNER, Access.ADMIN);
        rule("POST", "/api/partners", PARTNER, Access.ADMIN);
        rule("GET", "/api/partners/{id}", PARTNER, Access.ADMIN_OR_OWN_PARTNER);
        rule("PATCH", "/api/partners/{id}", PARTNER, Access.ADMIN);
        rule("DELETE", "/api/partners/{id}", PARTNER, Access.ADMIN);
        rule("POST", "/api/partners/{id}/archive", PARTNER, Access.ADMIN);
        rule("POST", "/api/partners/{id}/restore", PARTNER, Access.ADMIN);
        rule("PUT", "/api/partners/{id}/stage", PARTNER, Access.ADMIN);
        rule("POST", "/api/partners/{id}/close", PARTNER, Access.ADMIN);
        rule("POST", "/api/partners/{id}/invites", PARTNER, Access.ADMIN);
        rule("GET", "/api/partners/{id}/users", PARTNER, Access.ADMIN);
        rule("GET", "/api/pipeline", PARTNER, Access.ADMIN);
        rule("GET", "/api/tiers", PARTNER, Access.ADMIN_OR_PARTNER);
        rule("GET", "/api/reports/tiers", PARTNER, Access.ADMIN);
        rule("GET", "/api/reports/tiers.csv", PARTNER, Access.ADMIN);
        rule("POST", "/api/partner/register", PARTNER, Access.PUBLIC, RateClass.PUBLIC);
        rule("GET", "/api/partner/me", PARTNER, Access.PARTNER);
        rule("GET", "/api/access-requests", PARTNER, Access.ADMIN);
        rule("GET", "/api/access-requests/{requestId}", PARTNER, Access.ADMIN);
        rule("POST", "/api/access-requests/{requestId}/approve", PARTNER, Access.ADMIN);
        rule("POST", "/api/access-requests/{requestId}/deny", PARTNER, Access.ADMIN);

        // Engagement
        rule("GET", "/api/events", ENGAGEMENT, Access.ADMIN);
        rule("POST", "/api/events", ENGAGEMENT, Access.ADMIN);
        rule("GET", "/api/events/{eventId}", ENGAGEMENT, Access.ADMIN);
        rule("PATCH", "/api/events/{eventId}", ENGAGEMENT, Access.ADMIN);
        rule("DELETE", "/api/events/{eventId}", ENGAGEMENT, Access.ADMIN);
        rule("POST", "/api/events/{eventId}/archive", ENGAGEMENT, Access.ADMIN);
        rule("POST", "/api/events/{eventId}/restore", ENGAGEMENT, Access.ADMIN);
        rule("GET", "/api/events/{eventId}/partners", ENGAGEMENT, Access.ADMIN);
        rule("GET", "/api/events/{eventId}/partners/{partnerId}", ENGAGEMENT, Access.ADMIN);
        rule("PUT", "/api/events/{eventId}/partners/{partnerId}", ENGAGEMENT, Access.ADMIN);
        rule("DELETE", "/api/events/{eventId}/partners/{partnerId}", ENGAGEMENT, Access.ADMIN);
        rule("GET", "/api/partners/{id}/events", ENGAGEMENT, Access.ADMIN);
        rule("GET", "/api/partners/{id}/timeline", ENGAGEMENT, Access.ADMIN_OR_OWN_PARTNER);
        rule("GET", "/api/partners/{id}/timeline/{entryId}", ENGAGEMENT, Access.ADMIN_OR_OWN_PARTNER);
        rule("POST", "/api/partners/{id}/communications", ENGAGEMENT, Access.ADMIN);
        rule("GET", "/api/partners/{id}/communications", ENGAGEMENT, Access.ADMIN);
        rule("GET", "/api/partners/{id}/follow-ups", ENGAGEMENT, Access.ADMIN);
        rule("POST", "/api/communications/import", ENGAGEMENT, Access.ADMIN);
        rule("GET", "/api/communications/sync-status", ENGAGEMENT, Access.ADMIN);
        rule("POST", "/api/partners/{id}/meetings", ENGAGEMENT, Access.ADMIN);
        rule("POST", "/api/partners/{id}/actions", ENGAGEMENT, Access.ADMIN);
        rule("GET", "/api/partners/{id}/actions", ENGAGEMENT, Access.ADMIN_OR_OWN_PARTNER);
        rule("GET", "/api/actions/{actionId}", ENGAGEMENT, Access.ADMIN_OR_PARTNER);
        rule("PATCH", "/api/actions/{actionId}", ENGAGEMENT, Access.ADMIN_OR_PARTNER);
        rule("POST", "/api/partners/{id}/decisions", ENGAGEMENT, Access.ADMIN);
        rule("GET", "/api/dashboard", ENGAGEMENT, Access.ADMIN);

        // Proposal, NDA, vault, portal: admin side
        rule("PUT", "/api/partners/{id}/proposal", NDA, Access.ADMIN);
        rule("GET", "/api/partners/{id}/proposal", NDA, Access.ADMIN);
        rule("GET", "/api/partners/{id}/proposal/analytics", NDA, Access.ADMIN);
        rule("POST", "/api/partners/{id}/proposal-token", NDA, Access.ADMIN);
        rule("GET", "/api/partners/{id}/proposal-tokens", NDA, Access.ADMIN);
        rule("DELETE", "/api/partners/{id}/proposal-tokens/{jti}", NDA, Access.ADMIN);
        rule("POST", "/api/partners/{id}/legacy-codes", NDA, Access.ADMIN);
        rule("POST", "/api/partners/{id}/invitation", NDA, Access.ADMIN);
        rule("GET", "/api/nda/template", NDA, Access.PUBLIC, RateClass.PUBLIC);
        rule("GET", "/api/partners/{id}/ndas", NDA, Access.ADMIN);
        rule("GET", "/api/ndas/verify", NDA, Access.ADMIN);
        rule("GET", "/api/ndas/{reference}", NDA, Access.ADMIN);
        rule("GET", "/api/ndas/{reference}/certificate", NDA, Access.ADMIN);
        rule("GET", "/api/partners/{id}/documents", NDA, Access.ADMIN);
        rule("POST", "/api/partners/{id}/documents", NDA, Access.ADMIN);
        rule("GET", "/api/partners/{id}/documents/{docId}", NDA, Access.ADMIN);
        rule("GET", "/api/partners/{id}/documents/{docId}/content", NDA, Access.ADMIN);
        rule("PATCH", "/api/partners/{id}/documents/{docId}", NDA, Access.ADMIN);
        rule("DELETE", "/api/partners/{id}/documents/{docId}", NDA, Access.ADMIN);
        rule("GET", "/api/partners/{id}/documents/{docId}/history", NDA, Access.ADMIN);
        rule("GET", "/api/partners/{id}/downloads", NDA, Access.ADMIN);
        rule("POST", "/api/partners/{id}/portal-access", NDA, Access.ADMIN);
        rule("POST", "/api/partners/{id}/portal-access/rotate", NDA, Access.ADMIN);
        rule("POST", "/api/admin/demo-partners/{id}/reset", NDA, Access.SUPER_ADMIN);

        // Token links: the proposal token names the path's partner; the portal token is the path
        rule("GET", "/api/proposals/{id}", NDA, Access.PROPOSAL, RateClass.PROPOSAL_UNLOCK);
        rule("POST", "/api/proposals/{id}/views", NDA, Access.PROPOSAL, RateClass.PUBLIC);
        rule("POST", "/api/proposals/{id}/nda", NDA, Access.PROPOSAL, RateClass.NDA_SUBMIT);
        rule("GET", "/api/proposals/{id}/ndas/{reference}/certificate", NDA, Access.PROPOSAL, RateClass.PUBLIC);
        rule("GET", "/api/portal/{token}", NDA, Access.PORTAL, RateClass.PUBLIC);
        rule("GET", "/api/portal/{token}/documents/{docId}", NDA, Access.PORTAL, RateClass.PUBLIC);
        rule("GET", "/api/portal/{token}/timeline", ENGAGEMENT, Access.PORTAL, RateClass.PUBLIC);
        rule("POST", "/api/portal/{token}/actions/{actionId}/done", ENGAGEMENT, Access.PORTAL, RateClass.PUBLIC);

        // Notifications
        rule("GET", "/api/notifications/deliveries", NOTIFICATION, Access.ADMIN);
        rule("GET", "/api/notifications/deliveries/{deliveryId}", NOTIFICATION, Access.ADMIN);
        rule("POST", "/api/notifications/mailings", NOTIFICATION, Access.ADMIN);
        rule("GET", "/api/notifications/mailings", NOTIFICATION, Access.ADMIN);
        rule("POST", "/api/notifications/mailings/preview", NOTIFICATION, Access.ADMIN);
        rule("GET", "/api/notifications/mailings/templates", NOTIFICATION, Access.ADMIN);
        rule("GET", "/api/notifications/mailings/{mailingId}", NOTIFICATION, Access.ADMIN);
        rule("GET", "/api/notifications/recipients/{email}", NOTIFICATION, Access.ADMIN);
        rule("PUT", "/api/notifications/recipients/{email}", NOTIFICATION, Access.ADMIN);
        rule("GET", "/api/notifications/templates", NOTIFICATION, Access.SUPER_ADMIN);
        rule("GET", "/api/notifications/templates/{key}/{lang}", NOTIFICATION, Access.SUPER_ADMIN);
        rule("GET", "/api/notifications/templates/{key}/{lang}/versions", NOTIFICATION, Access.SUPER_ADMIN);
        rule("PUT", "/api/notifications/templates/{key}/{lang}", NOTIFICATION, Access.SUPER_ADMIN);
        rule("GET", "/api/notifications/config", NOTIFICATION, Access.SUPER_ADMIN);
        rule("POST", "/api/notifications/test", NOTIFICATION, Access.SUPER_ADMIN);
    }

    private PolicyTable() {
    }

    public static List<Rule> rules() {
        return List.copyOf(RULES);
    }

    /** The rule for this request, or empty: deny. */
    public static Optional<Match> match(String method, String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (Rule r : RULES) {
            if (!r.method().equals(method)) {
                continue;
            }
            Matcher m = r.regex().matcher(p);
            if (m.matches()) {
                Map<String, String> params = new java.util.HashMap<>();
                for (int i = 0; i < r.params().size(); i++) {
                    params.put(r.params().get(i), m.group(i + 1));
                }
                return Optional.of(new Match(r, Map.copyOf(params)));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a segment of the raw path would change the path once a service decodes and normalises
     * it: {@code .} or {@code ..} (also percent-encoded, {@code %2e%2E}), or an encoded slash or
     * backslash. Such a path names another resource than the one a rule would be decided for.
     */
    public static boolean unsafePath(String rawPath) {
        for (String segment : rawPath.split("/", -1)) {
            String decoded;
            try {
                decoded = java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return true;
            }
            if (decoded.equals(".") || decoded.equals("..") || decoded.indexOf('/') >= 0 || decoded.indexOf('\\') >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether some rule exists for the path under another method (405 rather than 404). */
    public static boolean pathKnown(String path) {
        return RULES.stream().anyMatch(r -> r.regex().matcher(path).matches());
    }

    /**
     * Ids, keys and link tokens are URL-safe; an e-mail address also has {@code @} and {@code +}; a
     * delivery row's id is {@code <source id>:<template>:<recipient>}, so it has {@code :} beside an
     * address (each raw or percent-encoded).
     */
    private static String parameterPattern(String name) {
        return switch (name) {
            case "email" -> "([A-Za-z0-9._~+%@-]{3,254})";
            case "deliveryId" -> "([A-Za-z0-9._~+%@:-]{3,512})";
            default -> "([A-Za-z0-9._~-]{1,160})";
        };
    }

    private static void rule(String method, String template, String service, Access access) {
        rule(method, template, service, access, RateClass.NONE);
    }

    private static void rule(String method, String template, String service, Access access, RateClass rate) {
        List<String> params = new ArrayList<>();
        StringBuilder regex = new StringBuilder("^");
        for (String segment : template.substring(1).split("/")) {
            regex.append('/');
            if (segment.startsWith("{")) {
                String name = segment.substring(1, segment.length() - 1);
                params.add(name);
                regex.append(parameterPattern(name));
            } else {
                regex.append(Pattern.quote(segment));
            }
        }
        regex.append('$');
        RULES.add(new Rule(method, template, service, access, rate, Pattern.compile(regex.toString()),
                List.copyOf(params)));
    }
}
