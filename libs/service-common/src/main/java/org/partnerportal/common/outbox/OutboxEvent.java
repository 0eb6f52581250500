package org.partnerportal.common.outbox;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.bson.Document;
import org.partnerportal.common.observability.TraceContext;
import org.partnerportal.events.Event;
import org.partnerportal.events.EventType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A pending event, stored inside the document of the aggregate whose change it announces, so the
 * change and its event are one single-document write (MongoDB gives no multi-document
 * transaction to lean on). The relay publishes it and then pulls it out of the document.
 */
public class OutboxEvent {

    /** The CloudEvent id: a UUID, the consumers' idempotency key. */
    public String id;
    /** The CloudEvent type, {@code partnerportal.<Name>.v<version>}. */
    public String type;
    /** The channel (= topic) it goes to. */
    public String channel;
    /** Kafka key and CloudEvent subject: the partner id, so one partner's events stay in order. */
    public String key;
    /** The event data, JSON. */
    public String data;
    public Instant time;
    /**
     * The W3C trace context of the request that wrote it (null outside any span): the relay
     * publishes the event later, outside that request, and sends it on as the record's
     * {@code traceparent} header so the consumers' work joins the request's trace.
     */
    public String traceparent;

    public OutboxEvent() {
    }

    /** An event of {@code type} on its topic, whose data is {@code payload} as JSON. */
    public static <T extends Record> OutboxEvent of(EventType<T> type, String key, T payload, Instant time,
            ObjectMapper mapper) {
        return build(type, key, payload, time, mapper);
    }

    /** {@code event} on its type's topic. */
    public static OutboxEvent of(Event<?> event, String key, Instant time, ObjectMapper mapper) {
        return build(event.type(), key, event.data(), time, mapper);
    }

    private static OutboxEvent build(EventType<?> type, String key, Record payload, Instant time, ObjectMapper mapper) {
        OutboxEvent e = new OutboxEvent();
        e.id = UUID.randomUUID().toString();
        e.type = type.ceType();
        e.channel = type.topic();
        e.key = key;
        e.data = json(payload, mapper);
        e.time = time;
        e.traceparent = TraceContext.currentTraceparent();
        return e;
    }

    private static String json(Object payload, ObjectMapper mapper) {
        try {
            return mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event payload is not serialisable: " + payload.getClass(), e);
        }
    }

    /** The BSON form, for pushing onto an aggregate's {@code outbox} in the same update as its change. */
    public Document toBson() {
        return new Document("id", id).append("type", type).append("channel", channel).append("key", key)
                .append("data", data).append("time", Date.from(time)).append("traceparent", traceparent);
    }
}
