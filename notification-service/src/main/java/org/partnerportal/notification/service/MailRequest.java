package org.partnerportal.notification.service;

import java.util.List;
import java.util.Map;

import org.partnerportal.notification.domain.Attachment;

/**
 * One message somebody asked for: a template, a recipient and the values of its variables.
 * {@code audience} says who reads it: {@code partner} (a touch with the partner, on its timeline)
 * or {@code admin} (an internal alert about the partner). {@code sourceId}, when set, replaces the
 * event id in the delivery id ({@code sourceId:template:recipient}): a producer's own idempotency
 * key ({@code requestId}) or a business key (the NDA reference) that two paths share.
 * {@code lang} null means: the recipient's known language, else the default.
 */
public record MailRequest(String template, String lang, String recipient, String partnerId, String audience,
        Map<String, String> variables, List<Attachment> attachments, String sourceId) {

    public static final String PARTNER = "partner";
    public static final String ADMIN = "admin";

    public MailRequest(String template, String lang, String recipient, String partnerId, String audience,
            Map<String, String> variables) {
        this(template, lang, recipient, partnerId, audience, variables, List.of(), null);
    }

    public MailRequest withSource(String source) {
        return new MailRequest(template, lang, recipient, partnerId, audience, variables, attachments, source);
    }

    public MailRequest withAttachments(List<Attachment> more) {
        return new MailRequest(template, lang, recipient, partnerId, audience, variables, more, sourceId);
    }
}
