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

import java.util.Base64;
import java.util.regex.Pattern;

import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.notification.config.NotificationConfig;
import org.partnerportal.notification.domain.Attachment;
import org.partnerportal.notification.domain.BuiltInTemplates;
import org.partnerportal.notification.domain.NdaCertificate;
import org.partnerportal.notification.domain.PartnerEntry;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which event asks for which e-mails, to whom, with which values. The values are the event's own
 * fields (event-carried state: nothing is looked up elsewhere) plus the names the templates use.
 */
@ApplicationScoped
public class EventMailRules {

    public static final String NOTIFICATION_REQUESTED = "NotificationRequested";

    private static final Pattern SAFE_FILENAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,120}");

    private final NotificationConfig config;

    public EventMailRules(NotificationConfig config) {
        this.config = config;
    }

    public List<MailRequest> mailsFor(IncomingEvent e) {
        return mailsFor(e, null);
    }

    /** {@code partner}: what the partner projection knows of the event's partner, or null. */
    public List<MailRequest> mailsFor(IncomingEvent e, PartnerEntry partner) {
        JsonNode d = e.data();
        if (d == null || !d.isObject()) {
            throw new IllegalArgumentException("event " + e.id() + " carries no JSON object");
        }
        Map<String, String> v = values(d);
        String partnerId = first(v, "partnerId", "requestedPartnerId");
        String name = e.name() == null ? "" : e.name();
        if (partnerId == null && !NOTIFICATION_REQUESTED.equals(name) && !name.startsWith("Access")) {
            partnerId = e.subject();
        }
        if (partner != null && partner.name != null) {
            v.putIfAbsent("partnerName", partner.name);
        }
        String lang = first(v, "lang", "language");
        List<MailRequest> out = new ArrayList<>();
        switch (name) {
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
                // contract field: first; firstView was this service's first guess, still read
                if (config.ndaEventMails() && (d.path("first").asBoolean(false) || d.path("firstView").asBoolean(false))) {
                    v.putIfAbsent("partnerName", partnerId);
                    v.putIfAbsent("viewedAt", first(v, "viewedAt", "occurredAt"));
                    toAdmins(out, PROPOSAL_FIRST_VIEW_ALERT, partnerId, v);
                }
            }
            case "NdaSigned" -> {
                if (config.ndaEventMails()) {
                    ndaAliases(v);
                    v.putIfAbsent("partnerName", partnerId);
                    String alertSource = v.get("reference") == null ? null : ndaAlertSource(v.get("reference"));
                    List<MailRequest> alerts = new ArrayList<>();
                    toAdmins(alerts, NDA_SIGNED_ALERT, partnerId, v);
                    alerts.forEach(r -> out.add(r.withSource(alertSource)));
                    List<MailRequest> record = new ArrayList<>();
                    to(record, NDA_SIGNED_RECORD, lang, v.get("signerEmail"), partnerId, v);
                    // one record per NDA, whichever path (this event or a NotificationRequested) comes first
                    String source = v.get("reference") == null ? null : ndaRecordSource(v.get("reference"));
                    record.forEach(r -> out.add(r.withAttachments(List.of(NdaCertificate.of(v))).withSource(source)));
                }
            }
            case "MeetingScheduled" -> {
                v.put("agenda", lines(d.get("agenda")));
                for (Recipient attendee : recipients(d.get("attendees"))) {
                    Map<String, String> mine = new LinkedHashMap<>(v);
                    if (attendee.name() != null) {
                        mine.put("attendeeName", attendee.name());
                    }
                    to(out, MEETING_AGENDA, attendee.lang() != null ? attendee.lang() : lang, attendee.email(), partnerId, mine);
                }
            }
            default -> {
                // every other event is of no concern to e-mail
            }
        }
        return out;
    }

    /** The shared idempotency key of the signer's record of one NDA. */
    public static String ndaRecordSource(String reference) {
        return "nda-record:" + reference;
    }

    /** The shared idempotency key of the admin alert of one NDA. */
    public static String ndaAlertSource(String reference) {
        return "nda-alert:" + reference;
    }

    /** NdaSigned names the signer signer*, nda-service's requests contact*: the templates get both. */
    private static void ndaAliases(Map<String, String> v) {
        v.putIfAbsent("signerName", v.get("contactName"));
        v.putIfAbsent("signerEmail", v.get("contactEmail"));
        v.putIfAbsent("signerTitle", v.get("contactTitle"));
        v.putIfAbsent("contactName", v.get("signerName"));
        v.putIfAbsent("contactEmail", v.get("signerEmail"));
    }

    /**
     * The private request topic: {@code { requestId?, template, lang?, recipients: [email | {email,
     * name?, lang?}], partnerId?, audience?, variables: {…}, attachments?: [{filename, contentType,
     * base64}] }} ({@code to} is still read in place of {@code recipients}).
     */
    private List<MailRequest> requested(IncomingEvent e, JsonNode d, Map<String, String> v) {
        String template = BuiltInTemplates.canonical(v.get("template"));
        List<Recipient> to = recipients(d.has("recipients") ? d.get("recipients") : d.get("to"));
        if (template == null || to.isEmpty()) {
            throw new IllegalArgumentException("NotificationRequested " + e.id() + " needs a template and at least one recipient");
        }
        Map<String, String> vars = values(d.path("variables"));
        String partnerId = v.get("partnerId") != null ? v.get("partnerId") : e.subject();
        // an admin alert is about the partner, not a touch with it, whatever the request says
        String audience = MailRequest.ADMIN.equals(v.get("audience")) || BuiltInTemplates.isAdminAlert(template)
                ? MailRequest.ADMIN : MailRequest.PARTNER;
        List<Attachment> attachments = attachments(d.get("attachments"));
        String source = v.get("requestId");
        if (NDA_SIGNED_RECORD.equals(template) || NDA_SIGNED_ALERT.equals(template)) {
            ndaAliases(vars);
            if (vars.get("reference") != null) {
                source = NDA_SIGNED_RECORD.equals(template) ? ndaRecordSource(vars.get("reference"))
                        : ndaAlertSource(vars.get("reference"));
            }
        }
        List<MailRequest> out = new ArrayList<>();
        for (Recipient r : to) {
            Map<String, String> mine = new LinkedHashMap<>(vars);
            if (r.name() != null) {
                mine.putIfAbsent("contactName", r.name());
                mine.putIfAbsent("recipientName", r.name());
            }
            String lang = r.lang() != null ? r.lang() : v.get("lang");
            if (r.email() != null && !r.email().isBlank()) {
                out.add(new MailRequest(template, lang, r.email(), partnerId, audience, Map.copyOf(withoutNulls(mine)),
                        attachments, source));
            }
        }
        return out;
    }

    /** Attachments as sent: each needs a plain file name, a content type and base64 content; capped in total. */
    private List<Attachment> attachments(JsonNode node) {
        List<Attachment> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("attachments must be an array");
        }
        long total = 0;
        for (JsonNode a : node) {
            String filename = a.path("filename").asText("");
            String contentType = a.path("contentType").asText("application/octet-stream");
            String base64 = a.path("base64").asText("");
            if (!SAFE_FILENAME.matcher(filename).matches()) {
                throw new IllegalArgumentException("attachment file name must be a plain name: " + filename);
            }
            if (contentType.contains("\r") || contentType.contains("\n")) {
                throw new IllegalArgumentException("attachment content type must be one line");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("attachment " + filename + " is not base64");
            }
            total += bytes.length;
            if (total > config.maxAttachmentBytes()) {
                throw new IllegalArgumentException("attachments exceed " + config.maxAttachmentBytes() + " bytes");
            }
            out.add(new Attachment(filename, contentType, base64));
        }
        return out;
    }

    /** One recipient: an address, or an object with {@code email} and optionally {@code name} and {@code lang}. */
    public record Recipient(String email, String name, String lang) {
    }

    private static List<Recipient> recipients(JsonNode node) {
        List<Recipient> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isTextual()) {
            out.add(new Recipient(node.asText(), null, null));
        } else if (node.isArray()) {
            node.forEach(n -> {
                if (n.isTextual()) {
                    out.add(new Recipient(n.asText(), null, null));
                } else if (n.hasNonNull("email")) {
                    out.add(new Recipient(n.get("email").asText(), n.hasNonNull("name") ? n.get("name").asText() : null,
                            n.hasNonNull("lang") ? n.get("lang").asText() : null));
                }
            });
        }
        return out;
    }

    /** An agenda: strings, or objects with a title/text/item, one a line. */
    private static String lines(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        List<String> items = new ArrayList<>();
        node.forEach(i -> {
            if (i.isValueNode() && !i.isNull()) {
                items.add("- " + i.asText());
            } else if (i.isObject()) {
                for (String f : List.of("title", "text", "item", "topic")) {
                    if (i.hasNonNull(f)) {
                        items.add("- " + i.get(f).asText());
                        break;
                    }
                }
            }
        });
        return items.isEmpty() ? null : String.join("\n", items);
    }

    private void toAdmins(List<MailRequest> out, String template, String partnerId, Map<String, String> v) {
        for (String admin : config.adminEmails()) {
            out.add(new MailRequest(template, null, admin, partnerId, MailRequest.ADMIN, Map.copyOf(withoutNulls(v))));
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
