package org.partnerportal.notification.service;

import static org.partnerportal.notification.domain.BuiltInTemplates.ACCESS_APPROVED;
import static org.partnerportal.notification.domain.BuiltInTemplates.ACCESS_DENIED;
import static org.partnerportal.notification.domain.BuiltInTemplates.ACCESS_REQUESTED_ALERT;
import static org.partnerportal.notification.domain.BuiltInTemplates.MEETING_AGENDA;
import static org.partnerportal.notification.domain.BuiltInTemplates.NDA_SIGNED_ALERT;
import static org.partnerportal.notification.domain.BuiltInTemplates.NDA_SIGNED_RECORD;
import static org.partnerportal.notification.domain.BuiltInTemplates.PARTNER_INVITE;
import static org.partnerportal.notification.domain.BuiltInTemplates.PROPOSAL_FIRST_VIEW_ALERT;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.notification.config.NotificationConfig;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which event asks for which e-mails, to whom, with which values. The values are the event's own
 * fields (event-carried state: nothing is looked up elsewhere) plus the names the templates use.
 */
@ApplicationScoped
public class EventMailRules {

    public static final String NOTIFICATION_REQUESTED = "NotificationRequested";

    private final NotificationConfig config;

    EventMailRules(NotificationConfig config) {
        this.config = config;
    }

    public List<MailRequest> mailsFor(IncomingEvent e) {
        JsonNode d = e.data();
        if (d == null || !d.isObject()) {
            throw new IllegalArgumentException("event " + e.id() + " carries no JSON object");
        }
        Map<String, String> v = values(d);
        String partnerId = first(v, "partnerId", "requestedPartnerId");
        if (partnerId == null) {
            partnerId = e.subject();
        }
        String lang = first(v, "lang", "language");
        List<MailRequest> out = new ArrayList<>();
        switch (e.name() == null ? "" : e.name()) {
            case NOTIFICATION_REQUESTED -> out.addAll(requested(e, d, v));
            case "AccessRequested" -> toAdmins(out, ACCESS_REQUESTED_ALERT, v.get("requestedPartnerId"), v);
            case "AccessApproved" -> {
                v.putIfAbsent("userName", v.get("name"));
                v.putIfAbsent("companyName", first(v, "partnerName", "company"));
                to(out, ACCESS_APPROVED, lang, v.get("email"), partnerId, v);
            }
            case "AccessDenied" -> {
                v.putIfAbsent("userName", v.get("name"));
                to(out, ACCESS_DENIED, lang, v.get("email"), v.get("requestedPartnerId"), v);
            }
            case "PartnerInvited" -> {
                v.putIfAbsent("userName", first(v, "name", "contactName"));
                v.putIfAbsent("companyName", first(v, "partnerName", "company"));
                v.putIfAbsent("url", first(v, "registerUrl", "inviteUrl", "portalUrl", "signInUrl"));
                to(out, PARTNER_INVITE, lang, first(v, "email", "contactEmail"), partnerId, v);
            }
            case "ProposalViewed" -> {
                if (d.path("firstView").asBoolean(false)) {
                    v.putIfAbsent("viewedAt", first(v, "viewedAt", "occurredAt"));
                    toAdmins(out, PROPOSAL_FIRST_VIEW_ALERT, partnerId, v);
                }
            }
            case "NdaSigned" -> {
                toAdmins(out, NDA_SIGNED_ALERT, partnerId, v);
                to(out, NDA_SIGNED_RECORD, lang, v.get("contactEmail"), partnerId, v);
            }
            case "MeetingScheduled" -> {
                for (String attendee : emails(d.get("attendees"))) {
                    to(out, MEETING_AGENDA, lang, attendee, partnerId, v);
                }
            }
            default -> {
                // every other event is of no concern to e-mail
            }
        }
        return out;
    }

    /** The private request topic: {@code { template, to, lang?, partnerId?, variables: {…} }}. */
    private List<MailRequest> requested(IncomingEvent e, JsonNode d, Map<String, String> v) {
        String template = v.get("template");
        List<String> to = emails(d.get("to"));
        if (template == null || to.isEmpty()) {
            throw new IllegalArgumentException("NotificationRequested " + e.id() + " needs a template and at least one recipient");
        }
        Map<String, String> vars = values(d.path("variables"));
        String partnerId = v.get("partnerId") != null ? v.get("partnerId") : e.subject();
        List<MailRequest> out = new ArrayList<>();
        for (String recipient : to) {
            to(out, template, v.get("lang"), recipient, partnerId, vars);
        }
        return out;
    }

    private void toAdmins(List<MailRequest> out, String template, String partnerId, Map<String, String> v) {
        for (String admin : config.adminEmails()) {
            out.add(new MailRequest(template, config.defaultLang(), admin, partnerId, MailRequest.ADMIN, Map.copyOf(withoutNulls(v))));
        }
    }

    private static void to(List<MailRequest> out, String template, String lang, String recipient, String partnerId,
            Map<String, String> v) {
        if (recipient == null || recipient.isBlank()) {
            return;
        }
        out.add(new MailRequest(template, lang, recipient, partnerId, MailRequest.PARTNER, Map.copyOf(withoutNulls(v))));
    }

    /** Top-level scalars as text; arrays of scalars one item a line (an agenda). */
    private static Map<String, String> values(JsonNode node) {
        Map<String, String> v = new LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            return v;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode value = f.getValue();
            if (value.isValueNode() && !value.isNull()) {
                v.put(f.getKey(), value.asText());
            } else if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(i -> {
                    if (i.isValueNode() && !i.isNull()) {
                        items.add(i.asText());
                    }
                });
                v.put(f.getKey(), String.join("\n", items));
            }
        }
        return v;
    }

    /** A recipient list: one address, an array of addresses, or objects with an {@code email}. */
    private static List<String> emails(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(n -> {
                if (n.isTextual()) {
                    out.add(n.asText());
                } else if (n.hasNonNull("email")) {
                    out.add(n.get("email").asText());
                }
            });
        }
        return out;
    }

    private static String first(Map<String, String> v, String... names) {
        for (String n : names) {
            String s = v.get(n);
            if (s != null && !s.isBlank()) {
                return s;
            }
        }
        return null;
    }

    private static Map<String, String> withoutNulls(Map<String, String> v) {
        Map<String, String> m = new LinkedHashMap<>();
        v.forEach((k, val) -> {
            if (val != null) {
                m.put(k, val);
            }
        });
        return m;
    }
}
