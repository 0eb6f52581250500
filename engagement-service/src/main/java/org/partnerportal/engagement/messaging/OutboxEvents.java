package org.partnerportal.engagement.messaging;

import java.time.Instant;

import org.partnerportal.common.outbox.OutboxEvent;
import org.partnerportal.events.EventType;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/** Builds the pending events that writers put into a document's outbox. */
@ApplicationScoped
public class OutboxEvents {

    private final ObjectMapper mapper;

    OutboxEvents(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** An event of {@code type} on {@code engagement-events}, keyed by the partner. */
    public <T extends Record> OutboxEvent engagement(EventType<T> type, String partnerId, T payload, Instant time) {
        return OutboxEvent.of(type, partnerId, payload, time, mapper);
    }
}
