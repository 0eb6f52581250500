package org.partnerportal.notification.service;

import static org.partnerportal.events.EngagementEvents.MEETING_SCHEDULED;
import static org.partnerportal.events.NdaEvents.NDA_SIGNED;
import static org.partnerportal.events.NdaEvents.PROPOSAL_VIEWED;
import static org.partnerportal.events.NotificationRequests.NOTIFICATION_REQUESTED;
import static org.partnerportal.events.PartnerEvents.ACCESS_APPROVED;
import static org.partnerportal.events.PartnerEvents.ACCESS_DENIED;
import static org.partnerportal.events.PartnerEvents.ACCESS_REQUESTED;
import static org.partnerportal.events.PartnerEvents.PARTNER_INVITED;
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

import org.partnerportal.common.events.EventHandlers;
import org.partnerportal.common.events.IncomingEvent;
import org.partnerportal.events.EngagementEvents.Attendee;
import org.partnerportal.events.NdaEvents.NdaSigned;
import org.partnerportal.events.NotificationRequests;
import org.partnerportal.events.NotificationRequests.NotificationRequested;
import org.partnerportal.events.NotificationRequests.Recipient;
import org.partnerportal.notification.config.NotificationConfig;
import org.partnerportal.notification.domain.Attachment;
import org.partnerportal.notification.domain.BuiltInTemplates;
import org.partnerportal.notification.domain.NdaCertificate;
import org.partnerportal.notification.domain.PartnerEntry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which event asks for which e-mails, to whom, with which values. The values are the event's own
 * fields (event-carried state: nothing is looked up elsewhere) plus the names the templates use.
 */
@ApplicationScoped
public class EventMailRules {

    private static final Pattern SAFE_FILENAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,120}");

    private final NotificationConfig config;
    private final ObjectMapper mapper;

    public EventMailRules(NotificationConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    public List<MailRequest> mailsFor(IncomingEvent e) {
        return mailsFor(e, null);
    }

    /**
     * {@code partner}: what the partner projection knows of the event's partner, or null. The
     * templates' values are the payload's fields as published (times in ISO-8601), the partner's
     * name when the event has none, and the names each rule adds.
     */
    public List<MailRequest> mailsFor(IncomingEvent e, PartnerEntry partner) {
        Rule rule = rules.apply(e, null);
        if (rule == null) {
            return List.of(); // every other event is of no concern to e-mail
        }
        Map<String, String> v = values(mapper.valueToTree(e.payload()));
        if (partner != null && partner.name != null) {
            v.putIfAbsent("partnerName", partner.name);
        }
        List<MailRequest> out = new ArrayList<>();
        rule.mails(v, out);
        return out;
    }

    /** An event's e-mails, given the template values. */
    @FunctionalInterface
    private interface Rule {
        void mails(Map<String, String> v, List<MailRequest> out);
    }

    /** Which event asks for which e-mails. */
    private final EventHandlers<Rule> rules = new EventHandlers<Rule>()
            .on(NOTIFICATION_REQUESTED, (e, r) -> (v, out) -> out.addAll(requested(e, r)))
            .on(ACCESS_REQUESTED, (e, r) -> (v, out) -> toAdmins(out, ACCESS_REQUESTED_ALERT, r.requestedPartnerId(), v))
            .on(ACCESS_APPROVED, (e, a) -> (v, out) -> {
                v.putIfAbsent("userName", a.name());
                v.putIfAbsent("companyName", first(a.partnerName(), a.company()));
                to(out, BuiltInTemplates.ACCESS_APPROVED, a.lang(), a.email(), a.partnerId(), v);
            })
            .on(ACCESS_DENIED, (e, d) -> (v, out) -> {
                v.putIfAbsent("userName", d.name());
                to(out, BuiltInTemplates.ACCESS_DENIED, d.lang(), d.email(), null, v);
            })
            .on(PARTNER_INVITED, (e, i) -> (v, out) -> {
                v.putIfAbsent("userName", i.name());
                v.putIfAbsent("companyName", i.partnerName());
                v.putIfAbsent("url", i.registerUrl());
                to(out, PARTNER_INVITE, null, i.email(), e.partnerId(), v);
            })
            .on(PROPOSAL_VIEWED, (e, viewed) -> (v, out) -> {
                if (ndaEventMails() && viewed.first()) {
                    v.putIfAbsent("partnerName", e.partnerId());
                    toAdmins(out, PROPOSAL_FIRST_VIEW_ALERT, e.partnerId(), v);
                }
            })
            .on(NDA_SIGNED, (e, signed) -> (v, out) -> {
                if (ndaEventMails()) {
                    ndaSigned(e.partnerId(), signed, v, out);
                }
            })
            .on(MEETING_SCHEDULED, (e, m) -> (v, out) -> {
                v.put("agenda", lines(m.agenda()));
                for (Attendee attendee : m.attendees() == null ? List.<Attendee>of() : m.attendees()) {
                    Map<String, String> mine = new LinkedHashMap<>(v);
                    if (attendee.name() != null) {
                        mine.put("attendeeName", attendee.name());
                    }
                    to(out, MEETING_AGENDA, null, attendee.email(), e.partnerId(), mine);
                }
            });

    /** The NDA path's e-mails come from these events (and not only from nda-service's requests). */
    private boolean ndaEventMails() {
        return config.ndaEventMails();
    }

    private void ndaSigned(String partnerId, NdaSigned signed, Map<String, String> v, List<MailRequest> out) {
        ndaAliases(v);
        v.putIfAbsent("partnerName", partnerId);
        String alertSource = signed.reference() == null ? null : ndaAlertSource(signed.reference());
        List<MailRequest> alerts = new ArrayList<>();
        toAdmins(alerts, NDA_SIGNED_ALERT, partnerId, v);
        alerts.forEach(r -> out.add(r.withSource(alertSource)));
        List<MailRequest> record = new ArrayList<>();
        to(record, NDA_SIGNED_RECORD, null, signed.signerEmail(), partnerId, v);
        // one record per NDA, whichever path (this event or a NotificationRequested) comes first
        String source = signed.reference() == null ? null : ndaRecordSource(signed.reference());
        record.forEach(r -> out.add(r.withAttachments(List.of(NdaCertificate.of(v))).withSource(source)));
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
     * The private request topic: a template, recipients (each with an optional name and language),
     * the partner, the audience, the template's variables and attachments.
     */
    private List<MailRequest> requested(IncomingEvent e, NotificationRequested r) {
        String template = BuiltInTemplates.canonical(r.template());
        List<Recipient> to = r.recipients() == null ? List.of() : r.recipients();
        if (template == null || to.isEmpty()) {
            throw new IllegalArgumentException("NotificationRequested " + e.id() + " needs a template and at least one recipient");
        }
        Map<String, String> vars = values(mapper.valueToTree(r.variables() == null ? Map.of() : r.variables()));
        String partnerId = e.partnerId();
        // an admin alert is about the partner, not a touch with it, whatever the request says
        String audience = MailRequest.ADMIN.equals(r.audience()) || BuiltInTemplates.isAdminAlert(template)
                ? MailRequest.ADMIN : MailRequest.PARTNER;
        List<Attachment> attachments = attachments(r.attachments());
        String source = r.requestId();
        if (NDA_SIGNED_RECORD.equals(template) || NDA_SIGNED_ALERT.equals(template)) {
            ndaAliases(vars);
            if (vars.get("reference") != null) {
                source = NDA_SIGNED_RECORD.equals(template) ? ndaRecordSource(vars.get("reference"))
                        : ndaAlertSource(vars.get("reference"));
            }
        }
        List<MailRequest> out = new ArrayList<>();
        for (Recipient recipient : to) {
            Map<String, String> mine = new LinkedHashMap<>(vars);
            if (recipient.name() != null) {
                mine.putIfAbsent("contactName", recipient.name());
                mine.putIfAbsent("recipientName", recipient.name());
            }
            String lang = recipient.lang() != null ? recipient.lang() : r.lang();
            if (recipient.email() != null && !recipient.email().isBlank()) {
                out.add(new MailRequest(template, lang, recipient.email(), partnerId, audience,
                        Map.copyOf(withoutNulls(mine)), attachments, source));
            }
        }
        return out;
    }

    /** Attachments as sent: each needs a plain file name, a content type and base64 content; capped in total. */
    private List<Attachment> attachments(List<NotificationRequests.Attachment> sent) {
        List<Attachment> out = new ArrayList<>();
        if (sent == null) {
            return out;
        }
        long total = 0;
        for (NotificationRequests.Attachment a : sent) {
            String filename = a.filename() == null ? "" : a.filename();
            String contentType = a.contentType() == null ? "application/octet-stream" : a.contentType();
            String base64 = a.base64() == null ? "" : a.base64();
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

    /** An agenda, one item a line. */
    private static String lines(List<String> agenda) {
        if (agenda == null) {
            return null;
        }
        List<String> items = agenda.stream().filter(i -> i != null && !i.isBlank()).map(i -> "- " + i).toList();
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

    private static String first(String... values) {
        for (String s : values) {
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
