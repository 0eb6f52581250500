package org.partnerportal.notification.service;

import java.time.Instant;

import org.partnerportal.common.outbox.OutboxEvent;
import org.partnerportal.events.EventType;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/** Turns an event payload into the outbox entry that travels with the delivery's state change. */
@ApplicationScoped
public class EventFactory {

    private final ObjectMapper mapper;

    EventFactory(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public <T extends Record> OutboxEvent notificationEvent(EventType<T> type, String key, T payload, Instant time) {
        return OutboxEvent.of(type, key, payload, time, mapper);
    }
}
