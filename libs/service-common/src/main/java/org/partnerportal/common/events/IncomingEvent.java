package org.partnerportal.common.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.partnerportal.events.EventCatalog;
import org.partnerportal.events.EventType;
import org.partnerportal.events.PartnerScoped;
import org.partnerportal.events.Upcasters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A CloudEvent read from Kafka in binary mode: the attributes come from the {@code ce_*} headers,
 * the data from the record value, read into the payload record of its {@link EventType} (found in
 * {@link EventCatalog} by {@code ce_type}, after {@link Upcasters} turned older field names into
 * today's). A consumer dispatches on the type's constant ({@link #is}, {@link EventHandlers}) and
 * reads the record's accessors ({@link #as}): it never reads a field by its name.
 * <p>
 * An event of a type this build does not know ({@code eventType} and {@code payload} null) is
 * skipped by every consumer, once its data is found to be JSON at all (data that is not is refused). One of a known type whose data does not read as its record is not an
 * event this system can apply: {@link #read} refuses it, and the consumer dead-letters it.
 */
public record IncomingEvent(String id, String type, String subject, Instant time, String source,
        EventType<?> eventType, Record payload) {

    public static IncomingEvent from(ConsumerRecord<String, String> record, ObjectMapper mapper) {
        String id = header(record, "ce_id");
        String type = header(record, "ce_type");
        if (id == null || type == null) {
            throw new IllegalArgumentException("Not a CloudEvent: missing ce_id or ce_type on "
                    + record.topic() + "@" + record.partition() + ":" + record.offset());
        }
        String time = header(record, "ce_time");
        return read(id, type, header(record, "ce_subject"),
                time == null ? Instant.ofEpochMilli(record.timestamp()) : OffsetDateTime.parse(time).toInstant(),
                header(record, "ce_source"), record.value(), mapper);
    }

    /** The event with these attributes and this JSON data; see the class comment for what it refuses. */
    public static IncomingEvent read(String id, String type, String subject, Instant time, String source, String json,
            ObjectMapper mapper) {
        EventType<?> eventType = EventCatalog.byCeType(type).orElse(null);
        if (eventType == null) {
            requireJson(id, json, mapper);
            return new IncomingEvent(id, type, subject, time, source, null, null);
        }
        return new IncomingEvent(id, type, subject, time, source, eventType, payload(id, eventType, json, mapper));
    }

    /**
     * A type this build does not know is skipped, but every CloudEvent on these topics carries JSON
     * (or nothing): data that is not JSON is a broken record, not a newer event, and is dead-lettered.
     */
    private static void requireJson(String id, String json, ObjectMapper mapper) {
        if (json == null) {
            return;
        }
        try {
            mapper.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("CloudEvent " + id + " carries data that is not JSON", e);
        }
    }

    private static Record payload(String id, EventType<?> type, String json, ObjectMapper mapper) {
        try {
            JsonNode data = json == null ? null : mapper.readTree(json);
            if (data == null || !data.isObject()) {
                throw new IllegalArgumentException("CloudEvent " + id + " (" + type.ceType() + ") carries no JSON object");
            }
            return mapper.readerFor(type.payload()).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(Upcasters.upcast(type, (ObjectNode) data));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("CloudEvent " + id + " (" + type.ceType() + ") does not read as "
                    + type.payload().getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("CloudEvent " + id + " carries data that is not JSON", e);
        }
    }

    /** The type's name ({@code AccessRequested}), also of a type this build does not know; for logs. */
    public String name() {
        return eventType != null ? eventType.name() : EventType.nameOf(type);
    }

    /** True when this is an event of {@code t}. */
    public boolean is(EventType<?> t) {
        return eventType == t;
    }

    /** The payload as {@code t}'s record; only for an event that {@link #is} one. */
    public <T extends Record> T as(EventType<T> t) {
        if (!is(t)) {
            throw new IllegalStateException("event " + id + " is a " + type + ", not a " + t.ceType());
        }
        return t.payload().cast(payload);
    }

    /** The partner the event is about: its payload's {@code partnerId} when it names one, else its subject. */
    public String partnerId() {
        String own = payload instanceof PartnerScoped p ? p.partnerId() : null;
        return own != null && !own.isBlank() ? own : subject;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
