package org.partnerportal.partner.service;

import java.time.Instant;

import org.partnerportal.common.outbox.OutboxEvent;
import org.partnerportal.events.Event;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/** Turns an event payload into the outbox entry that travels with the state change. */
@ApplicationScoped
public class EventFactory {

    private final ObjectMapper mapper;

    EventFactory(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public OutboxEvent partnerEvent(String key, Event<?> event, Instant time) {
        return OutboxEvent.of(event, key, time, mapper);
    }
}
