package org.partnerportal.systemtests;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Generates the requests for one operation and one caller: a valid request built from the
 * operation's schemas and the fixture's ids, and variations of it that break one thing each —
 * the body (a missing required field, a wrong type, an extra field, a huge or odd unicode string,
 * a negative or absurd number, a bad date, malformed JSON, no body), the media type, a path id,
 * a query parameter, a header ({@code If-Match}, the credential). Which variations and which
 * field they hit is drawn from the seeded {@link Random}.
 */
final class FuzzRequests {

    static final String VALID = "valid";
    private static final List<String> BODY_KINDS = List.of("missing-required", "wrong-type", "extra-field",
            "huge-string", "unicode", "bad-number", "bad-date", "malformed-json", "wrong-content-type", "no-body");
    private static final List<String> OTHER_KINDS = List.of("bad-id", "bad-query", "bad-header");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final List<String> BAD_IDS = List.of("00000000-0000-0000-0000-000000000000", "-1", "0", "1e9",
            "..%2F..%2Fetc%2Fpasswd", "%00", "%7B%22%24gt%22%3A%22%22%7D", "%27%20OR%201%3D1--", "%E2%80%AE%F0%9F%92%A5",
            "null", "undefined", "%20", "%ZZ", "a%2", "%", "a".repeat(3000), "NDA-9999-999999", "p1.x.y.z", "p1." + "9".repeat(40) + ".1.AAAA");
    private static final List<String> BAD_QUERY_VALUES = List.of("-1", "abc", "99999999999", "1.5", "", "%00", "true", "[]",
            "2030-13-45");
    private static final List<String> ODD_STRINGS = List.of("", " ", "\u0000", "\u202e\u0645\u0631\u062d\u0628\u0627",
            "\uD83D\uDCA5\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08", "e\u0301\u0301\u0301\u0301", "\uFFFF\uFEFF", "<script>alert(1)</script>",
            "{\"$gt\": \"\"}", "$where", "${jndi:ldap://x}", "%s%n%x", "\\", "\"", "a\r\nX-Injected: 1", "\uD800");
    private static final List<JsonNode> BAD_NUMBERS = List.of(NODES.numberNode(-1), NODES.numberNode(Long.MIN_VALUE),
            NODES.numberNode(new java.math.BigDecimal("1e400")), NODES.numberNode(-0.001), NODES.numberNode(Integer.MAX_VALUE + 1L),
            NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")), NODES.numberNode(0.3333333333));
    private static final List<String> BAD_DATES = List.of("2030-13-45", "yesterday", "2030-02-30T25:61:00Z", "0000-00-00",
            "99999-01-01T00:00:00Z", "-2030-01-01", "2030-01-01T00:00:00", "1699999999", "");
    private static final List<String> MALFORMED = List.of("{", "{\"a\":}", "[]", "null", "\"text\"", "{\"a\":NaN}",
            "{'single':'quotes'}", "{\"a\":1,}", "[".repeat(5000), "\uFEFF{}", "{\"a\":\"\\ud800\"}", "12", "{\"a\":1}{\"b\":2}");
    private static final List<String> WRONG_TYPES = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json; charset=latin-9", "image/png", "*/*", "application/problem+json");
    private static final List<String> BAD_IF_MATCH = List.of("abc", "\"-1\"", "W/\"1\"", "*", "99999999999999999999", "\"\"", "\u00e9");

    private final JsonNode doc;
    private final FuzzValues values;
    private final FuzzFixture fixture;
    private final Function<FuzzCaller, String> tokens;

    FuzzRequests(JsonNode doc, FuzzValues values, FuzzFixture fixture, Function<FuzzCaller, String> tokens) {
        this.doc = doc;
        this.values = values;
        this.fixture = fixture;
        this.tokens = tokens;
    }

    /** {@code count} requests: hostile ones cycling through the kinds that apply, then a valid one. */
    List<FuzzRequest> generate(FuzzOperation op, FuzzCaller caller, int count) {
        List<String> kinds = new ArrayList<>();
        if (!op.bodies().isEmpty()) {
            kinds.addAll(BODY_KINDS);
        }
        kinds.addAll(OTHER_KINDS);
        java.util.Collections.shuffle(kinds, random());
        List<FuzzRequest> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(build(op, caller, i == count - 1 ? VALID : kinds.get(i % kinds.size())));
        }
        return out;
    }

    private Random random() {
        return values.random();
    }

    private <T> T pick(List<T> list) {
        return list.get(random().nextInt(list.size()));
    }

    private FuzzRequest build(FuzzOperation op, FuzzCaller caller, String kind) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        credential(caller, headers);
        String path = op.path();
        List<FuzzOperation.Param> pathParams = op.params("path");
        FuzzOperation.Param broken = kind.equals("bad-id") && !pathParams.isEmpty() ? pick(pathParams) : null;
        for (FuzzOperation.Param p : pathParams) {
            String value = p == broken ? pick(BAD_IDS) : encode(fixture.pathValue(p.name(), caller));
            path = path.replace("{" + p.name() + "}", value);
        }
        StringBuilder query = new StringBuilder();
        List<FuzzOperation.Param> qs = op.params("query");
        // the parameter a bad-query request breaks has no valid value besides (the first of two would count)
        FuzzOperation.Param param = kind.equals("bad-query") && !qs.isEmpty() ? pick(qs) : null;
        for (FuzzOperation.Param p : qs) {
            if (p != param && (p.required() || random().nextInt(3) == 0)) {
                append(query, p.name(), values.valid(p.name(), p.schema(), 2).asText());
            }
        }
        String mistyped = null;
        if (kind.equals("bad-query")) {
            String name = param == null ? pick(List.of("page", "size", "fuzz")) : param.name();
            String value = pick(BAD_QUERY_VALUES);
            append(query, name, value);
            if (param != null && !FuzzValues.fitsType(values.resolve(param.schema()), value)) {
                mistyped = name;
            }
        }
        for (FuzzOperation.Param h : op.params("header")) {
            if (h.name().equalsIgnoreCase("If-Match")) {
                headers.put("If-Match", kind.equals("bad-header") ? pick(BAD_IF_MATCH) : "\"0\"");
            }
        }
        if (kind.equals("bad-header")) {
            badHeader(caller, headers);
        }
        String contentType = null;
        byte[] body = null;
        if (!op.bodies().isEmpty()) {
            String media = op.bodies().containsKey("application/json") ? "application/json" : op.bodies().keySet().iterator().next();
            JsonNode valid = bodyFor(op, op.bodies().get(media));
            contentType = media.startsWith("multipart/") ? "application/json" : media;
            String text = mutate(kind, valid);
            if (kind.equals("wrong-content-type")) {
                // where the operation reads multipart, a JSON body declared as multipart hits the form parser
                contentType = op.bodies().keySet().stream().anyMatch(t -> t.startsWith("multipart/"))
                        ? "multipart/form-data; boundary=fuzz" : pick(WRONG_TYPES);
            }
            if (kind.equals("no-body")) {
                text = null;
                if (random().nextBoolean()) {
                    contentType = null;
                }
            }
            body = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        }
        return new FuzzRequest(op, caller, kind, path + query, headers, contentType, body, mistyped);
    }

    private void credential(FuzzCaller caller, Map<String, String> headers) {
        switch (caller) {
            case PROPOSAL_LINK -> headers.put("X-Link-Token", fixture.proposalLink());
            case ANONYMOUS, PORTAL_LINK -> {
            }
            default -> headers.put("Authorization", "Bearer " + tokens.apply(caller));
        }
    }

    private void badHeader(FuzzCaller caller, Map<String, String> headers) {
        switch (random().nextInt(5)) {
            case 0 -> headers.put("Authorization", pick(List.of("Bearer ", "Bearer x.y.z", "Basic YWRtaW46YWRtaW4=",
                    "Bearer " + "A".repeat(9000), "bearer\t" + tokens.apply(FuzzCaller.ADMIN) + "x")));
            case 1 -> headers.put("X-Link-Token", pick(List.of("", "abc", fixture.proposalLink() + "x", "a.b.c")));
            case 2 -> headers.put("X-Impersonate-User", pick(List.of("", "nobody", "../admin", "\u00e9\u00e9")));
            case 3 -> headers.put("Accept", pick(List.of("text/csv", "application/xml", "image/*", "garbage", "")));
            default -> headers.put("X-Request-Id", pick(List.of("", "x".repeat(5000), "\u00e9t\u00e9", "a b")));
        }
    }

    /** A valid body; patch schemas ({@code JsonNode}) take the fields of the matching input. */
    private JsonNode bodyFor(FuzzOperation op, JsonNode schema) {
        String name = FuzzValues.refName(schema);
        if (name.equals("JsonNode") || name.equals("ObjectNode")) {
            String input = op.path().startsWith("/api/partners") ? "PartnerInput"
                    : op.path().startsWith("/api/events") ? "EventInput" : null;
            if (input == null) {
                ObjectNode patch = NODES.objectNode();
                patch.put("status", random().nextBoolean() ? "done" : "open");
                return patch;
            }
            JsonNode full = values.valid("", doc.path("components").path("schemas").path(input), 0);
            ObjectNode patch = NODES.objectNode();
            List<String> names = new ArrayList<>();
            full.fieldNames().forEachRemaining(names::add);
            patch.set(names.get(0), full.get(names.get(0)));
            String other = pick(names);
            patch.set(other, full.get(other));
            return patch;
        }
        return values.valid("", schema, 0);
    }

    private String mutate(String kind, JsonNode valid) {
        if (kind.equals("malformed-json")) {
            return pick(MALFORMED);
        }
        JsonNode body = valid.deepCopy();
        if (body instanceof ObjectNode object) {
            List<String> fields = new ArrayList<>();
            object.fieldNames().forEachRemaining(fields::add);
            String field = fields.isEmpty() ? "name" : pick(fields);
            switch (kind) {
                case "missing-required" -> {
                    if (fields.isEmpty()) {
                        return "{}";
                    }
                    object.remove(field);
                }
                case "wrong-type" -> object.set(field, pick(List.of(NODES.numberNode(7), NODES.textNode("seven"),
                        NODES.booleanNode(true), NODES.arrayNode().add(1), NODES.objectNode().put("x", 1), NODES.nullNode())));
                case "extra-field" -> {
                    object.put("fuzzUnknown", "x");
                    object.set("$where", NODES.objectNode().put("$gt", ""));
                }
                case "huge-string" -> object.put(field, "\u0645".repeat(100_000 + random().nextInt(200_000)));
                case "unicode" -> everyString(object, pick(ODD_STRINGS));
                case "bad-number" -> everyNumber(object, pick(BAD_NUMBERS));
                case "bad-date" -> object.put(dateField(object, field), pick(BAD_DATES));
                default -> {
                }
            }
        }
        return FuzzValues.json(body);
    }

    /** The first field that holds a date, else the given one. */
    private static String dateField(ObjectNode object, String fallback) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isTextual() && e.getValue().asText().matches("\\d{4}-\\d{2}-\\d{2}.*")) {
                return e.getKey();
            }
        }
        return fallback;
    }

    private static void everyString(ObjectNode object, String value) {
        object.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                e.setValue(NODES.textNode(value));
            }
        });
    }

    private void everyNumber(ObjectNode object, JsonNode value) {
        boolean any = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNumber()) {
                e.setValue(value);
                any = true;
            }
        }
        if (!any) {
            object.set(pick(List.of("page", "amount", "year", "seconds", "size")), value);
        }
    }

    private static void append(StringBuilder query, String name, String value) {
        query.append(query.length() == 0 ? '?' : '&').append(encode(name)).append('=').append(
                value.contains("%") ? value : encode(value));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
