package org.partnerportal.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.partnerportal.notification.Fixtures.json;
import static org.partnerportal.notification.Fixtures.unique;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.partnerportal.events.NotificationRequests;
import org.partnerportal.testsupport.KafkaEvents;
import org.partnerportal.testsupport.PortalTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every built-in template in each of its languages, sent over SMTP to GreenMail and read back
 * over IMAP: the subject, the recipient and a key sentence of each.
 */
@QuarkusTest
@WithTestResource(PortalTestResource.class)
@WithTestResource(MailServerResource.class)
class TemplateCatalogueTest {

    record Case(String template, String lang, Map<String, String> variables, String subject, String sentence) {
    }

    static final Map<String, String> INVITE = Map.of("userName", "Huda", "companyName", "Mocipi", "url", "http://portal/register");
    static final Map<String, String> APPROVED = Map.of("userName", "Rana", "companyName", "OCCI", "portalUrl", "http://portal/partner");
    static final Map<String, String> DENIED = Map.of("userName", "Said", "notes", "Not this year");
    static final Map<String, String> REQUESTED = Map.of("name", "Aisha", "email", "aisha@example.com", "company", "Nizwa Makers",
            "message", "We build robots");
    static final Map<String, String> PROPOSAL = Map.of("contactName", "Khalid", "partnerName", "Bank Sohar",
            "proposalUrl", "http://portal/partnership/p1?token=T", "bookingUrl", "https://cal.example/book", "expiresAt", "2030-01-01");
    static final Map<String, String> FIRST_VIEW = Map.of("partnerName", "Ooredoo", "section", "terms", "viewedAt", "2030-01-01T10:00:00Z");
    static final Map<String, String> NDA = Map.of("partnerName", "MOL", "reference", "NDA-00042", "signerName", "Maryam",
            "signerEmail", "maryam@example.com", "signerTitle", "CFO", "signedAt", "2030-01-01T08:00:00Z",
            "signedAtLocal", "2030-01-01T12:00:00+04:00", "expiresAt", "2033-01-01T08:00:00Z", "templateVersion", "3",
            "textSha256", "ab12");
    static final Map<String, String> PORTAL = Map.of("contactName", "Fatma", "partnerName", "Usman", "portalUrl", "http://portal/portal/p1.x");
    static final Map<String, String> MEETING = Map.of("title", "Kick-off", "startsAt", "2030-02-01T09:00:00Z",
            "attendeeName", "Nasser", "partnerName", "OCCI", "agenda", "- Goals\n- Budget");
    static final Map<String, String> TEST = Map.of("sentBy", "superadmin", "sentAt", "2030-01-01T00:00:00Z");

    static final List<Case> CASES = List.of(
            new Case("partner_invite", "en", INVITE, "You are invited to the Mocipi partner portal", "Accept the invitation: http://portal/register"),
            new Case("partner_invite", "ar", INVITE, "دعوة إلى بوابة شركاء Mocipi", "لقبول الدعوة: http://portal/register"),
            new Case("partner_access_approved", "en", APPROVED, "Your partner access to OCCI is approved", "you are now a partner user of OCCI"),
            new Case("partner_access_approved", "ar", APPROVED, "تمت الموافقة على وصولك كشريك إلى OCCI", "تسجيل الدخول: http://portal/partner"),
            new Case("partner_access_denied", "en", DENIED, "Your partner access request", "Reviewer's note: Not this year"),
            new Case("partner_access_denied", "ar", DENIED, "طلب الوصول كشريك", "ملاحظة المراجع: Not this year"),
            new Case("access_requested_admin_alert", "en", REQUESTED, "Partner access requested by Aisha (Nizwa Makers)",
                    "Aisha <aisha@example.com> from Nizwa Makers asked for partner access."),
            new Case("proposal_invitation", "en", PROPOSAL, "Your partnership proposal, Bank Sohar",
                    "Book a meeting with us: https://cal.example/book"),
            new Case("proposal_invitation", "ar", PROPOSAL, "عرض الشراكة الخاص بـ Bank Sohar", "لحجز اجتماع: https://cal.example/book"),
            new Case("proposal_first_view_alert", "en", FIRST_VIEW, "Ooredoo opened its proposal", "First section viewed: terms"),
            new Case("nda_signed_admin_alert", "en", NDA, "NDA NDA-00042 signed by MOL",
                    "Maryam (CFO) <maryam@example.com> signed NDA NDA-00042 for MOL"),
            new Case("nda_signed_signer_record", "en", NDA, "Your signed NDA NDA-00042", "Signed (Oman time): 2030-01-01T12:00:00+04:00"),
            new Case("nda_signed_signer_record", "ar", NDA, "سجل توقيع اتفاقية عدم الإفصاح NDA-00042", "المرجع: NDA-00042"),
            new Case("portal_access", "en", PORTAL, "Your Usman partner portal", "Your partner portal is open: http://portal/portal/p1.x"),
            new Case("portal_access", "ar", PORTAL, "بوابة الشريك الخاصة بـ Usman", "بوابة الشريك متاحة لك: http://portal/portal/p1.x"),
            new Case("meeting_agenda", "en", MEETING, "Meeting: Kick-off", "Agenda:\n- Goals\n- Budget"),
            new Case("meeting_agenda", "ar", MEETING, "اجتماع: Kick-off", "جدول الأعمال:\n- Goals\n- Budget"),
            new Case("test_email", "en", TEST, "Partner Portal test e-mail", "requested by superadmin"),
            new Case("test_email", "ar", TEST, "رسالة اختبار من بوابة الشركاء", "طلب superadmin رسالة الاختبار"));

    @Test
    void everyBuiltInTemplateArrivesInEachLanguageWithItsSubjectAndKeySentence() {
        List<String> inboxes = new ArrayList<>();
        for (Case c : CASES) {
            String to = unique(c.template().replace('_', '-') + "-" + c.lang()) + "@example.com";
            inboxes.add(to);
            KafkaEvents.publish(NotificationRequests.NOTIFICATION_REQUESTED, "p-cat", json(Map.of(
                    "requestId", unique("req"), "template", c.template(), "lang", c.lang(), "recipients", List.of(Map.of("email", to)),
                    "partnerId", "p-cat", "variables", c.variables())));
        }
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            Mailbox.Received mail = Mailbox.awaitOne(inboxes.get(i), m -> true);
            assertEquals(c.subject(), mail.subject(), c.template() + "/" + c.lang());
            assertEquals(inboxes.get(i), mail.to());
            String text = mail.text().replace("\r\n", "\n");
            assertTrue(text.contains(c.sentence()), c.template() + "/" + c.lang() + ": " + text);
            assertTrue(mail.html() != null && mail.html().contains("<html>"), "an HTML alternative: " + c.template());
        }
    }
}
