package org.partnerportal.common.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.partnerportal.common.outbox.EventTypes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A CloudEvent read from Kafka in binary mode: the attributes come from the {@code ce_*} headers,
 * the data from the record value.
 */
public record IncomingEvent(String id, String type, String name, String subject, Instant time, String source,
        JsonNode data) {

    public static IncomingEvent from(ConsumerRecord<String, String> record, ObjectMapper mapper) {
        String id = header(record, "ce_id");
        String type = header(record, "ce_type");
        if (id == null || type == null) {
            throw new IllegalArgumentException("Not a CloudEvent: missing ce_id or ce_type on "
                    + record.topic() + "@" + record.partition() + ":" + record.offset());
        }
        String time = header(record, "ce_time");
        JsonNode data;
        try {
            data = record.value() == null ? mapper.nullNode() : mapper.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalArgumentException("CloudEvent " + id + " carries data that is not JSON", e);
        }
        return new IncomingEvent(id, type, EventTypes.name(type), header(record, "ce_subject"),
                time == null ? Instant.ofEpochMilli(record.timestamp()) : OffsetDateTime.parse(time).toInstant(),
                header(record, "ce_source"), data);
    }

    public String text(String field) {
        JsonNode n = data.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
