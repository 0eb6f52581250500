package org.partnerportal.nda.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.partnerportal.common.outbox.OutboxEvent;
import org.partnerportal.events.EventType;
import org.partnerportal.events.NotificationRequests.Attachment;
import org.partnerportal.events.NotificationRequests.NotificationRequested;
import org.partnerportal.events.NotificationRequests.Recipient;
import org.partnerportal.events.NotificationRequests;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/** Turns payload records into outbox entries (BSON), to be written with the change they announce. */
@ApplicationScoped
public class NdaOutbox {

    private final ObjectMapper mapper;

    NdaOutbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A public event on nda-events, of {@code type}. */
    public <T extends Record> Document event(EventType<T> type, String partnerId, T payload, Instant time) {
        return OutboxEvent.of(type, partnerId, payload, time, mapper).toBson();
    }

    /**
     * An e-mail request on the private notification-requests topic, for the partner's side or the
     * admins ({@link NotificationRequests#PARTNER} / {@link NotificationRequests#ADMIN}).
     */
    public Document mail(String partnerId, String audience, String template, String lang, List<String> recipients,
            Map<String, Object> variables, List<Attachment> attachments, Instant time) {
        NotificationRequested r = new NotificationRequested(UUID.randomUUID().toString(), template, lang,
                recipients.stream().map(Recipient::of).toList(), partnerId, audience, variables, attachments == null || attachments.isEmpty() ? null : attachments);
        return OutboxEvent.of(NotificationRequests.NOTIFICATION_REQUESTED, partnerId, r, time, mapper).toBson();
    }
}
