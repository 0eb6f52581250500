package org.partnerportal.notification.service;

import java.time.Instant;

import org.partnerportal.common.outbox.OutboxEvent;
import org.partnerportal.notification.messaging.NotificationEvents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/** Turns an event payload into the outbox entry that travels with the delivery's state change. */
@ApplicationScoped
public class EventFactory {

    private final ObjectMapper mapper;

    EventFactory(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public OutboxEvent notificationEvent(String key, Object payload, Instant time) {
        try {
            return OutboxEvent.of(NotificationEvents.TOPIC, payload.getClass().getSimpleName(), key,
                    mapper.writeValueAsString(payload), time);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event payload is not serialisable: " + payload.getClass(), e);
        }
    }
}
