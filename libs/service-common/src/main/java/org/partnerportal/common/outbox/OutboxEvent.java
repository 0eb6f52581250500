package org.partnerportal.common.outbox;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.bson.Document;
import org.partnerportal.common.observability.TraceContext;

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

    public static OutboxEvent of(String channel, String name, String key, String jsonData, Instant time) {
        OutboxEvent e = new OutboxEvent();
        e.id = UUID.randomUUID().toString();
        e.type = EventTypes.type(name);
        e.channel = channel;
        e.key = key;
        e.data = jsonData;
        e.time = time;
        e.traceparent = TraceContext.currentTraceparent();
        return e;
    }

    /** An event whose data is {@code payload} as JSON, named after the payload's record. */
    public static OutboxEvent of(String channel, String key, Record payload, Instant time, ObjectMapper mapper) {
        return of(channel, payload.getClass().getSimpleName(), key, json(payload, mapper), time);
    }

    /** An event whose data is {@code payload} as JSON. */
    public static OutboxEvent of(String channel, String name, String key, Object payload, Instant time,
            ObjectMapper mapper) {
        return of(channel, name, key, json(payload, mapper), time);
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
