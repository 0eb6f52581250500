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
    public static final String PROPOSAL_FIRST_VIEW_ALERT = "proposal_first_view_alert";
    public static final String NDA_SIGNED_ALERT = "nda_signed_admin_alert";
    public static final String NDA_SIGNED_RECORD = "nda_signed_signer_record";
    public static final String PORTAL_ACCESS = "portal_access";
    public static final String MEETING_AGENDA = "meeting_agenda";
    public static final String TEST_EMAIL = "test_email";

    /** Keys of an earlier release, still accepted in requests: old key → current key. */
    public static final Map<String, String> RENAMED = Map.of(
            "proposal_first_view_admin_alert", PROPOSAL_FIRST_VIEW_ALERT,
            "nda_signed_record", NDA_SIGNED_RECORD);

    public record Definition(String key, String description, List<TemplateVariable> variables,
            Map<String, String[]> texts) {
    }

    private static final Map<String, Definition> ALL = new LinkedHashMap<>();

    static {
        define(PARTNER_INVITE, "An admin invites a new partner contact",
                // an invite may name nobody (a new address, no name given): the greeting then names no one
                List.of(optional("userName", "the invited person, when known"), required("companyName", "the partner organisation"),
                        required("url", "where to register or sign in")),
                "en", "You are invited to the {companyName} partner portal",
                "Hello{#if userName} {userName}{/if},\n\nYou have been invited to join {companyName} on the Partner Portal.\n\nAccept the invitation: {url}\n\nThe Partnerships team",
                "ar", "دعوة إلى بوابة شركاء {companyName}",
                "مرحباً{#if userName} {userName}{/if}،\n\nتمت دعوتك للانضمام إلى {companyName} في بوابة الشركاء.\n\nلقبول الدعوة: {url}\n\nفريق الشراكات");
        define(ACCESS_APPROVED, "An admin approves a partner access request",
                List.of(required("userName", "the requester"), required("companyName", "the partner the requester joins"),
                        required("portalUrl", "where partner users sign in"), optional("notes", "the reviewer's note")),
                "en", "Your partner access to {companyName} is approved",
                "Hello {userName},\n\nYour request for partner access was approved: you are now a partner user of {companyName}.{#if notes}\n\nA note from the team: {notes}{/if}\n\nIf you do not have a Partner Portal account yet, we created one for you: you will receive a separate e-mail to set your password (the link is valid for 7 days).\n\nSign in: {portalUrl}\n\nThe Partnerships team",
                "ar", "تمت الموافقة على وصولك كشريك إلى {companyName}",
                "مرحباً {userName}،\n\nتمت الموافقة على طلبك: أصبحت مستخدماً شريكاً لدى {companyName}.{#if notes}\n\nملاحظة من الفريق: {notes}{/if}\n\nإذا لم يكن لديك حساب في بوابة الشركاء بعد، فقد أنشأنا لك حساباً: ستصلك رسالة منفصلة لتعيين كلمة المرور (الرابط صالح لمدة 7 أيام).\n\nتسجيل الدخول: {portalUrl}\n\nفريق الشراكات");
        define(ACCESS_DENIED, "An admin denies a partner access request",
                List.of(required("userName", "the requester"), optional("notes", "the reviewer's feedback")),
                "en", "Your partner access request",
                "Hello {userName},\n\nWe are unable to approve your request for partner access at this time.{#if notes}\n\nReviewer's note: {notes}{/if}\n\nThe Partnerships team",
                "ar", "طلب الوصول كشريك",
                "مرحباً {userName}،\n\nنعتذر عن عدم إمكانية الموافقة على طلبك في الوقت الحالي.{#if notes}\n\nملاحظة المراجع: {notes}{/if}\n\nفريق الشراكات");
        define(ACCESS_REQUESTED_ALERT, "Admin alert: somebody asked for partner access",
                List.of(required("name", "the requester"), required("email", "the requester's e-mail"),
                        required("company", "the requester's company"), optional("message", "the requester's message"),
                        optional("requestedPartnerId", "the partner asked for")),
                "en", "Partner access requested by {name} ({company})",
                "{name} <{email}> from {company} asked for partner access.{#if message}\n\nMessage: {message}{/if}\n\nReview it under Access requests.");
        define(PROPOSAL_INVITATION, "The proposal link and the booking link, sent to a partner contact",
                List.of(optional("contactName", "the partner contact"), required("partnerName", "the partner"),
                        required("proposalUrl", "the tokenised proposal link (secret)"),
                        optional("bookingUrl", "where to book a meeting (Cal.com)"), optional("expiresAt", "when the link expires")),
                "en", "Your partnership proposal, {partnerName}",
                "Hello{#if contactName} {contactName}{/if},\n\nYour partnership proposal is ready: {proposalUrl}{#if expiresAt}\n(The link is personal and valid until {expiresAt}.){/if}{#if bookingUrl}\n\nBook a meeting with us: {bookingUrl}{/if}\n\nThe Partnerships team",
                "ar", "عرض الشراكة الخاص بـ {partnerName}",
                "مرحباً{#if contactName} {contactName}{/if}،\n\nعرض الشراكة جاهز: {proposalUrl}{#if expiresAt}\n(الرابط شخصي وصالح حتى {expiresAt}.){/if}{#if bookingUrl}\n\nلحجز اجتماع: {bookingUrl}{/if}\n\nفريق الشراكات");
        define(PROPOSAL_FIRST_VIEW_ALERT, "Admin alert: a partner opened its proposal for the first time",
                List.of(required("partnerName", "the partner (its id when the name is unknown)"),
                        optional("section", "the first section viewed"), optional("viewedAt", "when")),
                "en", "{partnerName} opened its proposal",
                "{partnerName} opened its partnership proposal for the first time{#if viewedAt} at {viewedAt}{/if}.{#if section}\nFirst section viewed: {section}{/if}");
        define(NDA_SIGNED_ALERT, "Admin alert: a partner signed the NDA",
                List.of(required("partnerName", "the partner"), required("reference", "NDA-00001"),
                        required("signerName", "the signer"), optional("signerEmail", "the signer's e-mail"),
                        optional("signerTitle", "the signer's title"), optional("signedAt", "UTC time of signature")),
                "en", "NDA {reference} signed by {partnerName}",
                "{signerName}{#if signerTitle} ({signerTitle}){/if}{#if signerEmail} <{signerEmail}>{/if} signed NDA {reference} for {partnerName}{#if signedAt} at {signedAt}{/if}.\n\nThe partner moved to NDA signed; the signed NDA is in its vault.");
        define(NDA_SIGNED_RECORD, "The signer's official record of the NDA signature, with the certificate attached",
                List.of(required("signerName", "the signer"), required("partnerName", "the partner"),
                        required("reference", "NDA-00001"), required("signedAt", "UTC time of signature"),
                        optional("signerTitle", "the signer's title"),
                        optional("signedAtLocal", "Oman local time"), optional("expiresAt", "end of validity"),
                        optional("templateVersion", "the NDA text version"), optional("textSha256", "SHA-256 of the text signed")),
                "en", "Your signed NDA {reference}",
                "Hello {signerName},\n\nThis is your official record of the non-disclosure agreement signed for {partnerName}.\n\nReference: {reference}\nSigned (UTC): {signedAt}{#if signedAtLocal}\nSigned (Oman time): {signedAtLocal}{/if}{#if expiresAt}\nValid until: {expiresAt}{/if}{#if templateVersion}\nNDA text version: {templateVersion}{/if}{#if textSha256}\nSHA-256 of the text: {textSha256}{/if}\n\nThe signature certificate is attached. Keep this e-mail for your records.",
                "ar", "سجل توقيع اتفاقية عدم الإفصاح {reference}",
                "مرحباً {signerName}،\n\nهذا سجلك الرسمي لاتفاقية عدم الإفصاح الموقعة عن {partnerName}.\n\nالمرجع: {reference}\nتاريخ التوقيع (UTC): {signedAt}{#if signedAtLocal}\nتاريخ التوقيع (توقيت عُمان): {signedAtLocal}{/if}{#if expiresAt}\nصالحة حتى: {expiresAt}{/if}{#if templateVersion}\nإصدار النص: {templateVersion}{/if}{#if textSha256}\nبصمة SHA-256 للنص: {textSha256}{/if}\n\nشهادة التوقيع مرفقة. يرجى الاحتفاظ بهذه الرسالة.");
        define(PORTAL_ACCESS, "The partner portal link, sent to a partner contact",
                List.of(optional("contactName", "the partner contact"), required("partnerName", "the partner"),
                        required("portalUrl", "the portal token link (secret)"),
                        optional("expiresAt", "when the link stops working (UTC)")),
                "en", "Your {partnerName} partner portal",
                "Hello{#if contactName} {contactName}{/if},\n\nYour partner portal is open: {portalUrl}{#if expiresAt}\n(The link is personal and valid until {expiresAt}.){/if}\nIt shows your timeline, NDA history, documents and action items. Keep the link private.\n\nThe Partnerships team",
                "ar", "بوابة الشريك الخاصة بـ {partnerName}",
                "مرحباً{#if contactName} {contactName}{/if}،\n\nبوابة الشريك متاحة لك: {portalUrl}{#if expiresAt}\n(الرابط شخصي وصالح حتى {expiresAt}.){/if}\nتعرض الجدول الزمني وسجل اتفاقيات عدم الإفصاح والمستندات والمهام. يرجى عدم مشاركة الرابط.\n\nفريق الشراكات");
        define(MEETING_AGENDA, "The agenda of a scheduled meeting, sent to its attendees",
                List.of(required("title", "the meeting"), required("startsAt", "when it starts"),
                        optional("attendeeName", "the attendee this copy is for"), optional("partnerName", "the partner"),
                        optional("agenda", "the agenda, one item a line"), optional("scheduledBy", "who scheduled it")),
                "en", "Meeting: {title}",
                "{#if attendeeName}Hello {attendeeName},\n\n{/if}{title}{#if partnerName} with {partnerName}{/if}\nStarts: {startsAt}{#if agenda}\n\nAgenda:\n{agenda}{/if}",
                "ar", "اجتماع: {title}",
                "{#if attendeeName}مرحباً {attendeeName}،\n\n{/if}{title}{#if partnerName} مع {partnerName}{/if}\nيبدأ: {startsAt}{#if agenda}\n\nجدول الأعمال:\n{agenda}{/if}");
        define(TEST_EMAIL, "A test message from the notification settings",
                List.of(required("sentBy", "who asked for it"), required("sentAt", "when")),
                "en", "Partner Portal test e-mail",
                "This test message was requested by {sentBy} at {sentAt}. If you can read it, the mail configuration works.",
                "ar", "رسالة اختبار من بوابة الشركاء",
                "طلب {sentBy} رسالة الاختبار هذه في {sentAt}. إذا وصلتك، فإعدادات البريد تعمل.");
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

    /** Alerts to the admins: about a partner, never a touch with it. */
    public static boolean isAdminAlert(String key) {
        return ACCESS_REQUESTED_ALERT.equals(key) || PROPOSAL_FIRST_VIEW_ALERT.equals(key) || NDA_SIGNED_ALERT.equals(key);
    }

    /** The current key of a template, also when a producer still uses an earlier name. */
    public static String canonical(String key) {
        return key == null ? null : RENAMED.getOrDefault(key, key);
    }

    public static java.util.Collection<Definition> all() {
        return ALL.values();
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
