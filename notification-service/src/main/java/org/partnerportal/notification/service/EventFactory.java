package org.partnerportal.notification.service;

import java.time.Instant;

import org.partnerportal.common.outbox.OutboxEvent;
import org.partnerportal.notification.messaging.NotificationEvents;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/** Turns an event payload into the outbox entry that travels with the delivery's state change. */
@ApplicationScoped
public class EventFactory {

    private final ObjectMapper mapper;

    EventFactory(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public OutboxEvent notificationEvent(String key, Record payload, Instant time) {
        return OutboxEvent.of(NotificationEvents.TOPIC, key, payload, time, mapper);
    }
}
