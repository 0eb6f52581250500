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

    public record Rule(String method, String template, String service, Access access, Pattern regex,
            List<String> params) {
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
        rule("GET", "/api/pipeline", PARTNER, Access.ADMIN);
        rule("GET", "/api/tiers", PARTNER, Access.ADMIN_OR_PARTNER);
        rule("GET", "/api/reports/tiers", PARTNER, Access.ADMIN);
        rule("POST", "/api/partner/register", PARTNER, Access.PUBLIC);
        rule("GET", "/api/partner/me", PARTNER, Access.PARTNER);
        rule("GET", "/api/access-requests", PARTNER, Access.ADMIN);
        rule("GET", "/api/access-requests/{requestId}", PARTNER, Access.ADMIN);
        rule("POST", "/api/access-requests/{requestId}/approve", PARTNER, Access.ADMIN);
        rule("POST", "/api/access-requests/{requestId}/deny", PARTNER, Access.ADMIN);
        rule("POST", "/api/admin/demo-partners/{id}/reset", NDA, Access.SUPER_ADMIN);

        // Engagement
        rule("GET", "/api/events", ENGAGEMENT, Access.ADMIN);
        rule("POST", "/api/events", ENGAGEMENT, Access.ADMIN);
        rule("GET", "/api/events/{eventId}", ENGAGEMENT, Access.ADMIN);
        rule("PATCH", "/api/events/{eventId}", ENGAGEMENT, Access.ADMIN);
        rule("DELETE", "/api/events/{eventId}", ENGAGEMENT, Access.ADMIN);
        rule("POST", "/api/events/{eventId}/archive", ENGAGEMENT, Access.ADMIN);
        rule("GET", "/api/events/{eventId}/partners", ENGAGEMENT, Access.ADMIN);
        rule("PUT", "/api/events/{eventId}/partners/{partnerId}", ENGAGEMENT, Access.ADMIN);
        rule("DELETE", "/api/events/{eventId}/partners/{partnerId}", ENGAGEMENT, Access.ADMIN);
        rule("GET", "/api/partners/{id}/events", ENGAGEMENT, Access.ADMIN);
        rule("GET", "/api/partners/{id}/timeline", ENGAGEMENT, Access.ADMIN_OR_OWN_PARTNER);
        rule("POST", "/api/partners/{id}/communications", ENGAGEMENT, Access.ADMIN);
        rule("POST", "/api/partners/{id}/meetings", ENGAGEMENT, Access.ADMIN);
        rule("POST", "/api/partners/{id}/actions", ENGAGEMENT, Access.ADMIN);
        rule("PATCH", "/api/actions/{actionId}", ENGAGEMENT, Access.ADMIN_OR_PARTNER);
        rule("POST", "/api/partners/{id}/decisions", ENGAGEMENT, Access.ADMIN);
        rule("GET", "/api/dashboard", ENGAGEMENT, Access.ADMIN);

        // Proposal, NDA, vault, portal (admin side; token links arrive with the identity work)
        rule("PUT", "/api/partners/{id}/proposal", NDA, Access.ADMIN);
        rule("POST", "/api/partners/{id}/proposal-token", NDA, Access.ADMIN);
        rule("POST", "/api/partners/{id}/invitation", NDA, Access.ADMIN);
        rule("GET", "/api/nda/template", NDA, Access.PUBLIC);
        rule("GET", "/api/partners/{id}/ndas", NDA, Access.ADMIN);
        rule("GET", "/api/ndas/verify", NDA, Access.ADMIN);
        rule("GET", "/api/partners/{id}/documents", NDA, Access.ADMIN);
        rule("POST", "/api/partners/{id}/documents", NDA, Access.ADMIN);
        rule("POST", "/api/partners/{id}/portal-access", NDA, Access.ADMIN);

        // Notifications
        rule("GET", "/api/notifications/deliveries", NOTIFICATION, Access.ADMIN);
        rule("GET", "/api/notifications/templates", NOTIFICATION, Access.SUPER_ADMIN);
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

    /** Whether some rule exists for the path under another method (405 rather than 404). */
    public static boolean pathKnown(String path) {
        return RULES.stream().anyMatch(r -> r.regex().matcher(path).matches());
    }

    private static void rule(String method, String template, String service, Access access) {
        List<String> params = new ArrayList<>();
        StringBuilder regex = new StringBuilder("^");
        for (String segment : template.substring(1).split("/")) {
            regex.append('/');
            if (segment.startsWith("{")) {
                params.add(segment.substring(1, segment.length() - 1));
                regex.append("([A-Za-z0-9._~-]{1,128})");
            } else {
                regex.append(Pattern.quote(segment));
            }
        }
        regex.append('$');
        RULES.add(new Rule(method, template, service, access, Pattern.compile(regex.toString()), List.copyOf(params)));
    }
}
