package org.partnerportal.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.stream.Collectors;

import org.partnerportal.events.EventType;
import org.partnerportal.events.Upcasters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.ValidationMessage;

/**
 * A consumer's test events, held to the producer's contract: the JSON of a fixture is what the
 * producer's outbox would publish for the payload record (ISO-8601 times, as the services' Jackson
 * writes them), and it must validate against the type's JSON Schema, or the test fails before it
 * reaches the consumer. A fixture in an older shape must validate once {@link Upcasters} read it.
 * So a consumer cannot be tested on data that its producer would never send.
 */
public final class EventFixtures {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private EventFixtures() {
    }

    /** The JSON a producer publishes for {@code payload}, which validates against {@code type}'s schema. */
    public static <T extends Record> String json(EventType<T> type, T payload) {
        JsonNode data = JSON.valueToTree(payload);
        assertValid(type, data, data);
        return data.toString();
    }

    /**
     * The type's sample ({@link EventSamples}) with the fields of {@code fields} (a JSON object)
     * laid over it, which validates against the type's schema: a whole event whose fields that
     * matter to the test are the test's. A field the test sets to null is null.
     */
    public static String json(EventType<?> type, String fields) {
        ObjectNode data = JSON.valueToTree(EventSamples.of(type));
        data.setAll(object(type, fields));
        if (!Upcasters.upcast(type, data.deepCopy()).equals(data)) {
            throw new AssertionError("the fixture " + data + " of " + type + " uses a field name of an earlier version"
                    + " (one its upcasters rewrite): write today's names, or use legacyJson to test the upcasting");
        }
        assertValid(type, data, data);
        return data.toString();
    }

    /**
     * {@code json} as an earlier producer wrote it (field names its upcasters rewrite): returned as
     * given, once it validates against {@code type}'s schema after upcasting.
     */
    public static String legacyJson(EventType<?> type, String json) {
        ObjectNode data = object(type, json);
        assertValid(type, Upcasters.upcast(type, data.deepCopy()), data);
        return json;
    }

    private static ObjectNode object(EventType<?> type, String json) {
        JsonNode data;
        try {
            data = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the fixture of " + type + " is not JSON: " + json, e);
        }
        if (!(data instanceof ObjectNode object)) {
            throw new AssertionError("the fixture of " + type + " is not a JSON object: " + json);
        }
        return object;
    }

    private static void assertValid(EventType<?> type, JsonNode data, JsonNode as) {
        Set<String> wrong = EventContract.of(type.topic(), "fixture").validate(type.name(), data).stream()
                .map(ValidationMessage::getMessage).collect(Collectors.toCollection(java.util.TreeSet::new));
        assertEquals(Set.of(), wrong, "the fixture " + as + " breaks the contract of " + type);
    }
}
