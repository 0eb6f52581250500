package org.partnerportal.nda.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.partnerportal.common.outbox.OutboxEvent;
import org.partnerportal.nda.messaging.NdaEvents.Attachment;
import org.partnerportal.nda.messaging.NdaEvents.NotificationRequested;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/** Turns payload records into outbox entries (BSON), to be written with the change they announce. */
@ApplicationScoped
public class NdaOutbox {

    private final ObjectMapper mapper;

    NdaOutbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A public event on nda-events; the name is the record's simple name. */
    public Document event(String partnerId, Record payload, Instant time) {
        return OutboxEvent.of(NdaEvents.TOPIC, partnerId, payload, time, mapper).toBson();
    }

    /** An e-mail request on the private notification-requests topic. */
    public Document mail(String partnerId, String template, String lang, List<String> recipients,
            Map<String, Object> variables, List<Attachment> attachments, Instant time) {
        NotificationRequested r = new NotificationRequested(UUID.randomUUID().toString(), template, lang, recipients,
                recipients, partnerId, variables, attachments == null || attachments.isEmpty() ? null : attachments);
        return OutboxEvent.of(NdaEvents.REQUESTS, "NotificationRequested", partnerId, r, time, mapper).toBson();
    }
}
