package org.partnerportal.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.partnerportal.events.EventCatalog;
import org.partnerportal.events.EventType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * A producer's published contract on one topic: the JSON Schema of each event type in
 * {@code META-INF/asyncapi/<topic>/<Type>.v<N>.json} on the class path, the AsyncAPI document
 * {@code META-INF/asyncapi/asyncapi.yaml} that lists them, and the CloudEvents attributes every
 * record carries ({@code ce_type} {@code partnerportal.<Type>.v<N>}, {@code ce_source}
 * {@code /partner-portal/<service>}, {@code ce_subject} = the Kafka key, JSON content).
 * <p>
 * Each producing service runs it on what its real flows put on the topic (driven through its HTTP
 * API or its consumers), so a renamed field, a type without a schema or a schema that lost a
 * field fails that service's build. Formats are asserted (date-time, email, uri), not just
 * annotations as draft 2020-12 has them.
 */
public final class EventContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * RFC 5321 mailbox syntax (dot-atom local part, host name domain). The library's own "email"
     * format also demands a top-level domain from its built-in list, which would refuse the
     * reserved {@code .test} domains the tests use although the address is well-formed.
     */
    static final class MailboxFormat implements Format {
        private static final Pattern MAILBOX = Pattern.compile("^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$");

        @Override
        public String getName() {
            return "email";
        }

        @Override
        public boolean matches(ExecutionContext context, String value) {
            return value.length() <= 254 && MAILBOX.matcher(value).matches();
        }
    }

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV202012()).format(new MailboxFormat()).build()));

    private final String topic;
    private final String source;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private EventContract(String topic, String service) {
        this.topic = topic;
        this.source = "/partner-portal/" + service;
    }

    /** The contract of {@code service}'s events on {@code topic}. */
    public static EventContract of(String topic, String service) {
        return new EventContract(topic, service);
    }

    private static InputStream resource(String path) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path);
        assertNotNull(in, "missing resource " + path);
        return in;
    }

    /** The type of this topic named {@code name}, from event-contracts' catalog. */
    public EventType<?> type(String name) {
        return EventCatalog.ALL.stream().filter(t -> t.topic().equals(topic) && t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("event-contracts declares no " + name + " on " + topic));
    }

    /** The schema document of a type, as written. */
    public JsonNode schemaDocument(String type) {
        try (InputStream in = resource(type(type).schemaResource())) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonSchema schema(String type) {
        return schemas.computeIfAbsent(type, t -> FACTORY.getSchema(schemaDocument(t),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build()));
    }

    /** What is wrong with {@code data} as a {@code type}; empty when it matches. */
    public Set<ValidationMessage> validate(String type, JsonNode data) {
        return schema(type).validate(data);
    }

    /** {@code Name} of a record whose {@code ce_type} is a type event-contracts declares; fails on any other. */
    public static String typeOf(KafkaEvents.Recorded r) {
        return EventCatalog.byCeType(r.type())
                .orElseThrow(() -> new AssertionError("ce_type is not a type of event-contracts: " + r.type())).name();
    }

    /** The record's data as JSON. */
    public static JsonNode data(KafkaEvents.Recorded r) {
        try {
            return JSON.readTree(r.data());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.data(), e);
        }
    }

    /**
     * The type's schema is a 2020-12 schema titled {@code partnerportal.<type>.v<N>}, open to added
     * fields (add-only evolution), describing exactly the payload record's fields and requiring
     * none it does not have.
     */
    public void assertDescribes(String type, Class<?> payload) {
        assertTrue(payload.isRecord(), payload + " is a record");
        JsonNode doc = schemaDocument(type);
        assertEquals("https://json-schema.org/draft/2020-12/schema", doc.path("$schema").asText(), type);
        assertEquals(type(type).ceType(), doc.path("title").asText(), type);
        assertTrue(doc.path("additionalProperties").asBoolean(false), type + ": add-only evolution");
        Set<String> fields = Arrays.stream(payload.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toSet());
        Set<String> described = new HashSet<>();
        // a deprecated property is an earlier name that event-contracts' Upcasters read into the record
        doc.path("properties").fields().forEachRemaining(p -> {
            if (!p.getValue().path("deprecated").asBoolean(false)) {
                described.add(p.getKey());
            }
        });
        assertEquals(fields, described, type + ": the schema describes exactly the fields of " + payload.getSimpleName());
        doc.path("required").forEach(r -> assertTrue(fields.contains(r.asText()), type + " requires " + r));
        schema(type); // compiles as a 2020-12 schema
    }

    /**
     * Every one of {@code types} (a producer's declared list) goes on this topic and its schema
     * describes its payload record ({@link #assertDescribes(String, Class)}), and the AsyncAPI
     * document lists exactly them.
     */
    public void assertDeclares(List<EventType<?>> types) {
        for (EventType<?> type : types) {
            assertEquals(topic, type.topic(), type + " is on " + topic);
            assertEquals(type, type(type.name()), type + " is the catalog's");
            assertDescribes(type.name(), type.payload());
        }
        assertAsyncApiLists(names(types));
    }

    /** The names of {@code types}. */
    public static Set<String> names(List<EventType<?>> types) {
        return types.stream().map(EventType::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The AsyncAPI 3 document lists exactly {@code types} as the messages of this topic's channel,
     * each named {@code partnerportal.<type>.v<N>} with its payload the type's schema file; a message is
     * written in the channel or referenced there from {@code components/messages}.
     */
    public void assertAsyncApiLists(Set<String> types) {
        JsonNode api;
        try (InputStream in = resource("META-INF/asyncapi/asyncapi.yaml")) {
            api = new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(api.path("asyncapi").asText().startsWith("3."), "AsyncAPI 3");
        JsonNode messages = api.path("channels").path(topic).path("messages");
        Set<String> listed = new TreeSet<>();
        messages.fieldNames().forEachRemaining(listed::add);
        assertEquals(new TreeSet<>(types), listed, "the messages of channel " + topic);
        for (String type : listed) {
            JsonNode message = messages.path(type);
            String component = message.path("$ref").asText("");
            if (!component.isEmpty()) { // declared once under components and referenced from the channel
                assertEquals("#/components/messages/" + type, component, type);
                message = api.path("components").path("messages").path(type);
            }
            assertEquals(type(type).ceType(), message.path("name").asText(), type);
            String ref = message.path("payload").path("$ref").asText();
            String path = ref.startsWith("./") ? ref.substring(2) : ref; // relative to the document either way
            assertEquals(type(type).schemaResource(), "META-INF/asyncapi/" + path, type);
            try {
                resource("META-INF/asyncapi/" + path).close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Every record is one of {@code types} with this producer's CloudEvents attributes and data
     * that validates against its type's schema; and every one of {@code types} is among them (what
     * the caller's flows were meant to produce). Lists every failure at once.
     */
    public void assertPublishedMatch(List<KafkaEvents.Recorded> records, Set<String> types) {
        Map<String, List<String>> failures = new TreeMap<>();
        Set<String> seen = new TreeSet<>();
        for (KafkaEvents.Recorded r : records) {
            String type = typeOf(r);
            seen.add(type);
            List<String> wrong = new ArrayList<>();
            if (!types.contains(type)) {
                wrong.add("not a type of " + topic);
            }
            if (r.key() == null || !r.key().equals(r.subject())) {
                wrong.add("ce_subject " + r.subject() + " is not the Kafka key " + r.key());
            }
            if (!"application/json".equals(r.contentType())) {
                wrong.add("content type " + r.contentType());
            }
            if (!source.equals(r.source())) {
                wrong.add("ce_source " + r.source());
            }
            if (r.id() == null || r.id().isBlank()) {
                wrong.add("no ce_id");
            }
            if (wrong.isEmpty()) {
                validate(type, data(r)).stream().map(ValidationMessage::getMessage).sorted().forEach(wrong::add);
            }
            if (!wrong.isEmpty()) {
                failures.computeIfAbsent(type, t -> new ArrayList<>()).add(wrong + " in " + r.data());
            }
        }
        Set<String> missing = new TreeSet<>(types);
        missing.removeAll(seen);
        assertEquals(Set.of(), missing, "types the flows should have published on " + topic);
        assertTrue(failures.isEmpty(), "events on " + topic + " that break the contract: " + failures);
    }
}
