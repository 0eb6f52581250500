package org.partnerportal.notification.domain;

import static org.partnerportal.notification.domain.TemplateVariable.optional;
import static org.partnerportal.notification.domain.TemplateVariable.required;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The templates the workflows need, with the variables their producers supply. They are seeded
 * when missing; an admin's later edit is kept across restarts.
 */
public final class BuiltInTemplates {

    public static final String PARTNER_INVITE = "partner_invite";
    public static final String ACCESS_APPROVED = "partner_access_approved";
    public static final String ACCESS_DENIED = "partner_access_denied";
    public static final String ACCESS_REQUESTED_ALERT = "access_requested_admin_alert";
    public static final String PROPOSAL_INVITATION = "proposal_invitation";
    public static final String PROPOSAL_FIRST_VIEW_ALERT = "proposal_first_view_admin_alert";
    public static final String NDA_SIGNED_ALERT = "nda_signed_admin_alert";
    public static final String NDA_SIGNED_RECORD = "nda_signed_record";
    public static final String PORTAL_ACCESS = "portal_access";
    public static final String MEETING_AGENDA = "meeting_agenda";
    public static final String TEST_EMAIL = "test_email";

    public record Definition(String key, String description, List<TemplateVariable> variables,
            Map<String, String[]> texts) {
    }

    private static final Map<String, Definition> ALL = new LinkedHashMap<>();

    static {
        define(PARTNER_INVITE, "An admin invites a new partner contact",
                List.of(required("userName", "the invited person"), required("companyName", "the partner organisation"),
                        required("url", "where to sign in or accept")),
                "en", "You are invited to the {{companyName}} partner portal",
                "Hello {{userName}},\n\nYou have been invited to join {{companyName}} on the Partner Portal.\n\nAccept the invitation: {{url}}\n\nThe Partnerships team",
                "ar", "دعوة إلى بوابة شركاء {{companyName}}",
                "مرحباً {{userName}}،\n\nتمت دعوتك للانضمام إلى {{companyName}} في بوابة الشركاء.\n\nلقبول الدعوة: {{url}}\n\nفريق الشراكات");
        define(ACCESS_APPROVED, "An admin approves a partner access request",
                List.of(required("userName", "the requester"), required("companyName", "the partner the requester joins"),
                        required("portalUrl", "where partner users sign in")),
                "en", "Your partner access to {{companyName}} is approved",
                "Hello {{userName}},\n\nYour request for partner access was approved: you are now a partner user of {{companyName}}.\n\nSign in: {{portalUrl}}\n\nThe Partnerships team",
                "ar", "تمت الموافقة على وصولك كشريك إلى {{companyName}}",
                "مرحباً {{userName}}،\n\nتمت الموافقة على طلبك: أصبحت مستخدماً شريكاً لدى {{companyName}}.\n\nتسجيل الدخول: {{portalUrl}}\n\nفريق الشراكات");
        define(ACCESS_DENIED, "An admin denies a partner access request",
                List.of(required("userName", "the requester"), optional("notes", "the reviewer's feedback")),
                "en", "Your partner access request",
                "Hello {{userName}},\n\nWe are unable to approve your request for partner access at this time.{{#notes}}\n\nReviewer's note: {{notes}}{{/notes}}\n\nThe Partnerships team",
                "ar", "طلب الوصول كشريك",
                "مرحباً {{userName}}،\n\nنعتذر عن عدم إمكانية الموافقة على طلبك في الوقت الحالي.{{#notes}}\n\nملاحظة المراجع: {{notes}}{{/notes}}\n\nفريق الشراكات");
        define(ACCESS_REQUESTED_ALERT, "Admin alert: somebody asked for partner access",
                List.of(required("name", "the requester"), required("email", "the requester's e-mail"),
                        required("company", "the requester's company"), optional("message", "the requester's message"),
                        optional("requestedPartnerId", "the partner asked for")),
                "en", "Partner access requested by {{name}} ({{company}})",
                "{{name}} <{{email}}> from {{company}} asked for partner access.{{#message}}\n\nMessage: {{message}}{{/message}}\n\nReview it under Access requests.");
        define(PROPOSAL_INVITATION, "The proposal link and the booking link, sent to a partner contact",
                List.of(required("contactName", "the partner contact"), required("partnerName", "the partner"),
                        required("proposalUrl", "the tokenised proposal link (secret)"),
                        optional("bookingUrl", "where to book a meeting"), optional("expiresAt", "when the link expires")),
                "en", "Your partnership proposal from us, {{partnerName}}",
                "Hello {{contactName}},\n\nYour partnership proposal is ready: {{proposalUrl}}{{#expiresAt}}\n(The link is valid until {{expiresAt}}.){{/expiresAt}}{{#bookingUrl}}\n\nBook a meeting with us: {{bookingUrl}}{{/bookingUrl}}\n\nThe Partnerships team",
                "ar", "عرض الشراكة الخاص بـ {{partnerName}}",
                "مرحباً {{contactName}}،\n\nعرض الشراكة جاهز: {{proposalUrl}}{{#expiresAt}}\n(الرابط صالح حتى {{expiresAt}}.){{/expiresAt}}{{#bookingUrl}}\n\nلحجز اجتماع: {{bookingUrl}}{{/bookingUrl}}\n\nفريق الشراكات");
        define(PROPOSAL_FIRST_VIEW_ALERT, "Admin alert: a partner opened its proposal for the first time",
                List.of(required("partnerName", "the partner"), optional("section", "the first section viewed"),
                        optional("viewedAt", "when")),
                "en", "{{partnerName}} opened its proposal",
                "{{partnerName}} opened its partnership proposal for the first time{{#viewedAt}} at {{viewedAt}}{{/viewedAt}}.{{#section}}\nFirst section viewed: {{section}}{{/section}}");
        define(NDA_SIGNED_ALERT, "Admin alert: a partner signed the NDA",
                List.of(required("partnerName", "the partner"), required("reference", "NDA-00001"),
                        required("contactName", "the signer"), optional("contactEmail", "the signer's e-mail"),
                        optional("signedAt", "UTC time of signature")),
                "en", "NDA {{reference}} signed by {{partnerName}}",
                "{{contactName}}{{#contactEmail}} <{{contactEmail}}>{{/contactEmail}} signed NDA {{reference}} for {{partnerName}}{{#signedAt}} at {{signedAt}}{{/signedAt}}.");
        define(NDA_SIGNED_RECORD, "The signer's official record of the NDA signature",
                List.of(required("contactName", "the signer"), required("partnerName", "the partner"),
                        required("reference", "NDA-00001"), required("signedAt", "UTC time of signature"),
                        optional("signedAtLocal", "Oman local time"), optional("expiresAt", "end of validity"),
                        optional("templateVersion", "the NDA text version"), optional("textSha256", "SHA-256 of the text signed")),
                "en", "Your signed NDA {{reference}}",
                "Hello {{contactName}},\n\nThis is your record of the non-disclosure agreement signed for {{partnerName}}.\n\nReference: {{reference}}\nSigned (UTC): {{signedAt}}{{#signedAtLocal}}\nSigned (Oman time): {{signedAtLocal}}{{/signedAtLocal}}{{#expiresAt}}\nValid until: {{expiresAt}}{{/expiresAt}}{{#templateVersion}}\nNDA text version: {{templateVersion}}{{/templateVersion}}{{#textSha256}}\nSHA-256 of the text: {{textSha256}}{{/textSha256}}\n\nKeep this e-mail for your records.",
                "ar", "سجل توقيع اتفاقية عدم الإفصاح {{reference}}",
                "مرحباً {{contactName}}،\n\nهذا سجلك لاتفاقية عدم الإفصاح الموقعة عن {{partnerName}}.\n\nالمرجع: {{reference}}\nتاريخ التوقيع (UTC): {{signedAt}}{{#signedAtLocal}}\nتاريخ التوقيع (توقيت عُمان): {{signedAtLocal}}{{/signedAtLocal}}{{#expiresAt}}\nصالحة حتى: {{expiresAt}}{{/expiresAt}}{{#templateVersion}}\nإصدار النص: {{templateVersion}}{{/templateVersion}}{{#textSha256}}\nبصمة SHA-256 للنص: {{textSha256}}{{/textSha256}}\n\nيرجى الاحتفاظ بهذه الرسالة.");
        define(PORTAL_ACCESS, "The partner portal link, sent to a partner contact",
                List.of(required("contactName", "the partner contact"), required("partnerName", "the partner"),
                        required("portalUrl", "the portal token link (secret)")),
                "en", "Your {{partnerName}} partner portal",
                "Hello {{contactName}},\n\nYour partner portal is open: {{portalUrl}}\nIt shows your timeline, NDA history, documents and action items. Keep the link private.\n\nThe Partnerships team",
                "ar", "بوابة الشريك الخاصة بـ {{partnerName}}",
                "مرحباً {{contactName}}،\n\nبوابة الشريك متاحة لك: {{portalUrl}}\nيرجى عدم مشاركة الرابط.\n\nفريق الشراكات");
        define(MEETING_AGENDA, "The agenda of a scheduled meeting, sent to its attendees",
                List.of(required("title", "the meeting"), required("startsAt", "when it starts"),
                        optional("partnerName", "the partner"), optional("agenda", "the agenda, one item a line")),
                "en", "Meeting: {{title}}",
                "{{title}}{{#partnerName}} with {{partnerName}}{{/partnerName}}\nStarts: {{startsAt}}{{#agenda}}\n\nAgenda:\n{{agenda}}{{/agenda}}");
        define(TEST_EMAIL, "A test message from the notification settings",
                List.of(required("sentBy", "who asked for it"), required("sentAt", "when")),
                "en", "Partner Portal test e-mail",
                "This test message was requested by {{sentBy}} at {{sentAt}}. If you can read it, the mail configuration works.");
    }

    private BuiltInTemplates() {
    }

    private static void define(String key, String description, List<TemplateVariable> variables, String... langSubjectBody) {
        Map<String, String[]> texts = new LinkedHashMap<>();
        for (int i = 0; i < langSubjectBody.length; i += 3) {
            texts.put(langSubjectBody[i], new String[] { langSubjectBody[i + 1], langSubjectBody[i + 2] });
        }
        ALL.put(key, new Definition(key, description, variables, texts));
    }

    public static Optional<Definition> get(String key) {
        return Optional.ofNullable(ALL.get(key));
    }

    /** One document per key and language, as first seeded. */
    public static List<EmailTemplate> seeds() {
        List<EmailTemplate> out = new ArrayList<>();
        for (Definition d : ALL.values()) {
            d.texts().forEach((lang, text) -> {
                EmailTemplate t = new EmailTemplate();
                t.id = EmailTemplate.id(d.key(), lang);
                t.key = d.key();
                t.lang = lang;
                t.category = EmailTemplate.TRANSACTIONAL;
                t.description = d.description();
                t.subject = text[0];
                t.textBody = text[1];
                t.variables = new ArrayList<>(d.variables());
                t.builtIn = true;
                t.version = 1;
                t.updatedBy = "system";
                out.add(t);
            });
        }
        return out;
    }
}
