package org.partnerportal.engagement.messaging;

import java.time.Instant;

import org.partnerportal.common.outbox.OutboxEvent;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/** Builds the pending events that writers put into a document's outbox. */
@ApplicationScoped
public class OutboxEvents {

    private final ObjectMapper mapper;

    OutboxEvents(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** An event on {@code engagement-events}, named after the payload's record. */
    public OutboxEvent engagement(String partnerId, Object payload, Instant time) {
        return engagement(payload.getClass().getSimpleName(), partnerId, payload, time);
    }

    public OutboxEvent engagement(String name, String partnerId, Object payload, Instant time) {
        return OutboxEvent.of(EngagementEvents.TOPIC, name, partnerId, payload, time, mapper);
    }
}
