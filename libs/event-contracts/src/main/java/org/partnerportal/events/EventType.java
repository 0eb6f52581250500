package org.partnerportal.events;

import java.util.Objects;

/**
 * One kind of event: its name and version (the CloudEvent type {@code partnerportal.<name>.v<version>}),
 * the topic it goes on and the record that carries its payload. Declared as a constant beside the
 * record by the module that produces it; producers publish through the constant and consumers
 * dispatch on it, so neither spells the type, nor derives it from a class name.
 * <p>
 * Its JSON Schema is {@link #schemaResource()} in this module. Evolution is add-only within a
 * version; a change that is not gets a new version (a new constant).
 *
 * @param <T> the payload record
 */
public final class EventType<T extends Record> {

    public static final String PREFIX = "partnerportal.";

    private final String name;
    private final int version;
    private final String topic;
    private final Class<T> payload;

    private EventType(String name, int version, String topic, Class<T> payload) {
        this.name = Objects.requireNonNull(name);
        this.version = version;
        this.topic = Objects.requireNonNull(topic);
        this.payload = Objects.requireNonNull(payload);
    }

    public static <T extends Record> EventType<T> of(String name, int version, String topic, Class<T> payload) {
        if (version < 1 || !name.matches("[A-Z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("not an event type: " + name + " v" + version);
        }
        return new EventType<>(name, version, topic, payload);
    }

    public String name() {
        return name;
    }

    public int version() {
        return version;
    }

    public String topic() {
        return topic;
    }

    public Class<T> payload() {
        return payload;
    }

    /**
     * The name in a CloudEvent type of this form ({@code partnerportal.AccessRequested.v1} →
     * {@code AccessRequested}), whatever its version; null for any other form.
     */
    public static String nameOf(String ceType) {
        if (ceType == null || !ceType.startsWith(PREFIX)) {
            return null;
        }
        String rest = ceType.substring(PREFIX.length());
        int dot = rest.lastIndexOf(".v");
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** This type with its payload: an event to publish. */
    public Event<T> with(T data) {
        return new Event<>(this, Objects.requireNonNull(data));
    }

    /** The CloudEvent type: {@code partnerportal.<name>.v<version>}. */
    public String ceType() {
        return PREFIX + name + ".v" + version;
    }

    /** The class-path resource of its JSON Schema. */
    public String schemaResource() {
        return "META-INF/asyncapi/" + topic + "/" + name + ".v" + version + ".json";
    }

    @Override
    public String toString() {
        return ceType() + " on " + topic;
    }
}
