package org.partnerportal.systemtests;

import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Valid values for a schema of the merged OpenAPI document, drawn from a seeded {@link Random} so a
 * run can be repeated: objects with their required properties (and a random part of the
 * optional ones), strings that meet the length and the {@code pattern} (the document's patterns
 * are enumerations like {@code won|lost|stalled} or simple classes), numbers within bounds,
 * dates, and ids of the fixture where a field names one.
 */
final class FuzzValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern ENUMERATION = Pattern.compile("[a-z_]+(\\|[a-z_]+)+");
    private static final String[] WORDS = {"alpha", "Nour", "delta", "partner", "Muscat", "review", "plan", "zeta"};

    private final JsonNode components;
    private final Random random;
    private final FuzzFixture fixture;

    FuzzValues(JsonNode doc, Random random, FuzzFixture fixture) {
        this.components = doc.path("components").path("schemas");
        this.random = random;
        this.fixture = fixture;
    }

    Random random() {
        return random;
    }

    /** Follows a {@code $ref} to its schema in the document's components. */
    JsonNode resolve(JsonNode schema) {
        if (schema == null) {
            return NODES.objectNode();
        }
        String ref = schema.path("$ref").asText("");
        return ref.isEmpty() ? schema : components.path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    /** The component name behind a {@code $ref}, or "". */
    static String refName(JsonNode schema) {
        String ref = schema == null ? "" : schema.path("$ref").asText("");
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    JsonNode valid(String field, JsonNode schema, int depth) {
        JsonNode s = resolve(schema);
        String type = s.path("type").asText(s.has("properties") ? "object" : "string");
        String format = s.path("format").asText("");
        return switch (type) {
            case "object" -> object(s, depth);
            case "array" -> array(field, s, depth);
            case "integer" -> NODES.numberNode(between(s, 0, 100));
            case "number" -> NODES.numberNode(between(s, 0, 10_000) + 0.5);
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            default -> NODES.textNode(string(field, s, format));
        };
    }

    private ObjectNode object(JsonNode s, int depth) {
        ObjectNode out = NODES.objectNode();
        JsonNode required = s.path("required");
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> p = it.next();
            boolean isRequired = false;
            for (JsonNode r : required) {
                isRequired |= r.asText().equals(p.getKey());
            }
            if (isRequired || (depth < 3 && random.nextInt(3) == 0)) {
                out.set(p.getKey(), valid(p.getKey(), p.getValue(), depth + 1));
            }
        }
        if (s.has("additionalProperties") && out.isEmpty()) {
            // a free-form map (proposal sections, template variables): one entry a reader knows
            out.set("hero", valid("hero", s.path("additionalProperties"), depth + 1));
        }
        return out;
    }

    private ArrayNode array(String field, JsonNode s, int depth) {
        ArrayNode out = NODES.arrayNode();
        int min = s.path("minItems").asInt(0);
        int n = Math.max(min, depth < 3 ? random.nextInt(Math.min(3, s.path("maxItems").asInt(3)) + 1) : min);
        for (int i = 0; i < n; i++) {
            out.add(valid(field, s.path("items"), depth + 1));
        }
        return out;
    }

    private int between(JsonNode s, int low, int high) {
        int min = s.has("minimum") ? s.path("minimum").asInt() : low;
        int max = s.has("maximum") ? s.path("maximum").asInt() : Math.max(min, high);
        return min + random.nextInt(max - min + 1);
    }

    private String string(String field, JsonNode s, String format) {
        String pattern = s.path("pattern").asText("");
        if (format.equals("date-time")) {
            return "2030-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + "T09:30:00Z";
        }
        if (format.equals("date")) {
            return "2030-0" + (1 + random.nextInt(9)) + "-2" + random.nextInt(9);
        }
        if (format.equals("duration")) {
            return "PT" + (1 + random.nextInt(60)) + "S";
        }
        if (ENUMERATION.matcher(pattern).matches()) {
            String[] choices = pattern.split("\\|");
            return choices[random.nextInt(choices.length)];
        }
        String named = byName(field, pattern);
        String text = named != null ? named : words(s.path("minLength").asInt(1));
        int max = s.path("maxLength").asInt(Integer.MAX_VALUE);
        return text.length() > max ? text.substring(0, max) : text;
    }

    /** Values whose meaning the field's name or pattern gives away. */
    private String byName(String field, String pattern) {
        String f = field.toLowerCase();
        if (pattern.equals("[0-9a-fA-F]{64}")) {
            return fixture.ids().getOrDefault("textSha256", "0".repeat(64));
        }
        if (f.contains("email") || f.equals("to") || f.equals("recipient")) {
            return "fuzz." + random.nextInt(1000) + "@example.test";
        }
        if (f.equals("url") || f.equals("website") || f.equals("logo") || pattern.startsWith("https?")) {
            return "https://example.test/" + WORDS[random.nextInt(WORDS.length)];
        }
        if (f.equals("partnerid")) {
            return fixture.targetPartner();
        }
        if (f.equals("phone")) {
            return "+968 2412 " + (1000 + random.nextInt(9000));
        }
        if (f.equals("lang")) {
            return random.nextBoolean() ? "en" : "ar";
        }
        if (f.equals("templateversion")) {
            return fixture.ids().getOrDefault("templateVersion", "1");
        }
        if (f.equals("template") || f.equals("key") || pattern.startsWith("[a-z]")) {
            return fixture.ids().getOrDefault("key", "fuzz_template");
        }
        if (pattern.startsWith("[A-Za-z]")) {
            return "fuzzVar" + random.nextInt(100);
        }
        return null;
    }

    private String words(int minLength) {
        StringBuilder sb = new StringBuilder(WORDS[random.nextInt(WORDS.length)]);
        while (sb.length() < Math.max(minLength, 12)) {
            sb.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    /**
     * Whether a query parameter's raw value (as sent, percent-encoded) can be read as the schema's
     * type: an integer of the format's size, a number, {@code true}/{@code false}, one of an enum.
     * Strings hold anything; the service's own validation decides on those. An empty value counts
     * as left out (the framework gives the parameter its default).
     */
    static boolean fitsType(JsonNode schema, String raw) {
        String value = java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
        if (value.isEmpty()) {
            return true;
        }
        if (schema.has("enum")) {
            for (JsonNode e : schema.path("enum")) {
                if (e.asText().equalsIgnoreCase(value)) {
                    return true;
                }
            }
            return false;
        }
        try {
            switch (schema.path("type").asText("string")) {
                case "integer" -> {
                    if (schema.path("format").asText("").equals("int64")) {
                        Long.parseLong(value);
                    } else {
                        Integer.parseInt(value);
                    }
                }
                case "number" -> Double.parseDouble(value);
                case "boolean" -> {
                    return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
                }
                default -> {
                }
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String json(JsonNode node) {
        try {
            return new ObjectMapper().writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
