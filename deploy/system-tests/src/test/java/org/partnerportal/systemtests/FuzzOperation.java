package org.partnerportal.systemtests;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.partnerportal.testsupport.AccessMatrix;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One operation of the gateway's merged OpenAPI document, as much of it as the fuzzer needs: where
 * it lives, its parameters and the schema of its body per media type, and which service answers it
 * ({@code x-service}, also the name of its database). Who may call it is not read from the
 * document (the gateway writes that from its own policy table) but from the expected access
 * matrix ({@link #access()}). Schemas stay JSON; {@link FuzzValues} walks them.
 * {@code undeclared} names the path segments the document does not declare as parameters.
 */
record FuzzOperation(String method, String path, String service, List<Param> params, Map<String, JsonNode> bodies,
        boolean bodyRequired, List<String> undeclared) {

    /** A path, query or header parameter. */
    record Param(String name, String in, boolean required, JsonNode schema) {
    }

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    /** Every operation of the document, in the document's order. */
    static List<FuzzOperation> all(JsonNode doc) {
        List<FuzzOperation> ops = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> it = path.getValue().fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> op = it.next();
                if (METHODS.contains(op.getKey())) {
                    ops.add(of(op.getKey().toUpperCase(), path.getKey(), path.getValue(), op.getValue()));
                }
            }
        }
        return ops;
    }

    private static FuzzOperation of(String method, String path, JsonNode pathItem, JsonNode op) {
        Map<String, Param> params = new LinkedHashMap<>();
        for (JsonNode p : List.of(pathItem.path("parameters"), op.path("parameters"))) {
            p.forEach(x -> params.put(x.path("in").asText() + ":" + x.path("name").asText(), new Param(x.path("name").asText(),
                    x.path("in").asText(), x.path("required").asBoolean(), x.path("schema"))));
        }
        // a path segment the document forgot to declare is still a path parameter (and FuzzIT fails on it)
        List<String> undeclared = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
        while (m.find()) {
            if (params.putIfAbsent("path:" + m.group(1), new Param(m.group(1), "path", true, null)) == null) {
                undeclared.add(m.group(1));
            }
        }
        Map<String, JsonNode> bodies = new LinkedHashMap<>();
        op.path("requestBody").path("content").fields().forEachRemaining(e -> bodies.put(e.getKey(), e.getValue().path("schema")));
        return new FuzzOperation(method, path, op.path("x-service").asText(), List.copyOf(params.values()), bodies,
                op.path("requestBody").path("required").asBoolean(), List.copyOf(undeclared));
    }

    /** {@code GET /api/partners/{id}}: how the report names it. */
    String label() {
        return method + " " + path;
    }

    List<Param> params(String in) {
        return params.stream().filter(p -> p.in().equals(in)).toList();
    }

    /** {@code GET /api/partners/{}}: the route whatever its parameters are called. */
    String shape() {
        return method + " " + shape(path);
    }

    static String shape(String template) {
        return template.replaceAll("\\{[^}]+}", "{}");
    }

    private static final Map<String, AccessMatrix.Route> MATRIX = AccessMatrix.routes().values().stream()
            .collect(Collectors.toMap(r -> r.method() + " " + shape(r.template()), r -> r));

    /** This operation's row of the expected access matrix; null for a route the matrix does not know. */
    AccessMatrix.Route access() {
        return MATRIX.get(shape());
    }

    /** Whether the gateway must let a caller of this kind through to the service (the matrix says so). */
    boolean allows(FuzzCaller caller) {
        return access().allows(caller.column());
    }
}
