package org.partnerportal.notification.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.partnerportal.notification.domain.Delivery;
import org.partnerportal.notification.domain.EmailTemplate;
import org.partnerportal.notification.domain.MailStatus;
import org.partnerportal.notification.domain.TemplateVariable;
import org.partnerportal.notification.service.MailSettingsService;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public final class NotificationDtos {

    private NotificationDtos() {
    }

    /** A row of the delivery log. The rendered body is not part of it: it may hold a token link. */
    public record DeliveryView(String id, String eventId, String eventType, String template, String lang,
            String recipient, String partnerId, String audience, String mailingId, String subject, String status, int attempts,
            String lastError, List<AttachmentView> attachments, String messageId, Instant nextAttemptAt, Instant createdAt,
            Instant updatedAt, Instant sentAt) {

        public static DeliveryView of(Delivery d) {
            List<AttachmentView> files = d.attachments == null ? List.of()
                    : d.attachments.stream().map(a -> new AttachmentView(a.filename, a.contentType, a.size())).toList();
            return new DeliveryView(d.id, d.eventId, d.eventType, d.template, d.lang, d.recipient, d.partnerId,
                    d.audience, d.mailingId, d.subject, d.status, d.attempts, d.lastError, files,
                    org.partnerportal.notification.service.DeliveryDispatcher.messageId(d.id), d.nextAttemptAt, d.createdAt,
                    d.updatedAt, d.sentAt);
        }
    }

    /** An attachment's name, type and size; never its content. */
    public record AttachmentView(String filename, String contentType, long size) {
    }

    public record VariableDto(
            @NotBlank @Pattern(regexp = "[A-Za-z][A-Za-z0-9_]{0,63}", message = "must be a variable name") String name,
            boolean required,
            @Size(max = 300) String description) {

        TemplateVariable toDomain() {
            return new TemplateVariable(name, required, description);
        }

        static VariableDto of(TemplateVariable v) {
            return new VariableDto(v.name, v.required, v.description);
        }
    }

    public record TemplateView(String key, String lang, String category, String description, String subject,
            String textBody, String htmlBody, List<VariableDto> variables, boolean builtIn, long version,
            Instant updatedAt, String updatedBy) {

        public static TemplateView of(EmailTemplate t) {
            return new TemplateView(t.key, t.lang, t.category, t.description, t.subject, t.textBody, t.htmlBody,
                    t.variables.stream().map(VariableDto::of).toList(), t.builtIn, t.version, t.updatedAt, t.updatedBy);
        }
    }

    public record TemplateUpdate(
            @NotBlank @Size(max = 300) String subject,
            @NotBlank @Size(max = 20_000) String textBody,
            @Size(max = 100_000) String htmlBody,
            @Pattern(regexp = "transactional|mass_mail", message = "must be transactional or mass_mail") String category,
            @Size(max = 300) String description,
            @Size(max = 50) List<@Valid VariableDto> variables) {

        public List<TemplateVariable> domainVariables() {
            return variables == null ? null : variables.stream().map(VariableDto::toDomain).toList();
        }
    }

    public record TestEmailRequest(
            @NotBlank @Email @Size(max = 254) String to,
            @Pattern(regexp = "en|ar", message = "must be en or ar") String lang) {
    }

    public record MailConfigView(String host, int port, String from, String username, String password,
            String startTls, boolean mock, List<String> adminRecipients, int maxAttempts, Duration retryBackoff,
            Duration maxBackoff, Instant lastUsedAt, Instant lastSuccessAt, Instant lastFailureAt, String lastError,
            long sent, long failures) {

        public static MailConfigView of(MailSettingsService.Settings s, org.partnerportal.notification.config.NotificationConfig c,
                MailStatus st) {
            return new MailConfigView(s.host(), s.port(), s.from(), s.username().orElse(null),
                    MailSettingsService.mask(s.password().orElse(null)), s.startTls(), s.mock(), c.adminEmails(),
                    c.maxAttempts(), c.retryBackoff(), c.maxBackoff(), st.lastUsedAt, st.lastSuccessAt, st.lastFailureAt,
                    st.lastError, st.sent, st.failures);
        }
    }
}
