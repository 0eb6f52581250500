package org.partnerportal.gateway.docs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.partnerportal.gateway.policy.Access;
import org.partnerportal.gateway.policy.PolicyTable;
import org.partnerportal.gateway.policy.RateClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Folds the services' OpenAPI documents into the one document of the gateway's public API.
 *
 * <ul>
 * <li>paths: only the operations the {@link PolicyTable} routes to the service that describes them,
 * under the table's path template (the service's path parameters are renamed to the table's);</li>
 * <li>components: shared by name when equal; a name that two services define differently is
 * prefixed with the service ({@code nda-service.Problem}) in each of them, and their {@code $ref}s
 * are rewritten;</li>
 * <li>security: the services' own (internal JWT) schemes are dropped; each operation gets the
 * credential the gateway asks for on that path ({@link Access}), its roles in {@code x-roles} and its
 * per-IP budget in {@code x-rate-limit};</li>
 * <li>a service whose document could not be fetched is listed under {@code x-partial}.</li>
 * </ul>
 * Pure: no I/O, so it is tested without servers.
 */
public final class OpenApiMerger {

    /** A service's document, or why it is missing. */
    public record ServiceDoc(String service, JsonNode document, String error) {
        public static ServiceDoc ok(String service, JsonNode document) {
            return new ServiceDoc(service, document, null);
        }

        public static ServiceDoc failed(String service, String error) {
            return new ServiceDoc(service, null, error);
        }

        boolean available() {
            return document != null && document.isObject();
        }
    }

    public static final String BEARER = "bearer";
    public static final String PROPOSAL_QUERY = "proposalLink";
    public static final String PROPOSAL_HEADER = "proposalLinkHeader";

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final String COMPONENTS_PREFIX = "#/components/";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String title;
    private final String version;
    private final String oidcUrl;

    /**
     * @param oidcUrl the OIDC provider (realm) URL, described in the bearer scheme; may be null
     */
    public OpenApiMerger(String title, String version, String oidcUrl) {
        this.title = title;
        this.version = version;
        this.oidcUrl = oidcUrl == null || oidcUrl.isBlank() ? null : oidcUrl;
    }

    public ObjectNode merge(List<ServiceDoc> docs, List<PolicyTable.Rule> rules) {
        List<ServiceDoc> available = docs.stream().filter(ServiceDoc::available).toList();
        Map<String, Map<String, String>> renames = renames(available);

        ObjectNode out = JSON.objectNode();
        out.put("openapi", openapiVersion(available));
        ObjectNode info = out.putObject("info");
        info.put("title", title);
        info.put("version", version);
        info.put("description", "The Partner Portal API as the gateway serves it: every operation the gateway routes, "
                + "with the credential it requires. Merged from the services' own documents.");
        out.putArray("servers").addObject().put("url", "/");

        ObjectNode paths = JSON.objectNode();
        ObjectNode components = JSON.objectNode();
        Map<String, ObjectNode> tags = new LinkedHashMap<>();
        Set<PolicyTable.Rule> documented = new HashSet<>();

        for (ServiceDoc doc : available) {
            JsonNode source = rewriteRefs(doc.document().deepCopy(), renames.getOrDefault(doc.service(), Map.of()));
            copyComponents(doc.service(), source, components, renames.getOrDefault(doc.service(), Map.of()));
            for (JsonNode tag : iterable(source.path("tags"))) {
                if (tag.hasNonNull("name")) {
                    tags.putIfAbsent(tag.get("name").asText(), (ObjectNode) tag);
                }
            }
            Iterator<Map.Entry<String, JsonNode>> it = source.path("paths").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> entry = it.next();
                for (String method : METHODS) {
                    JsonNode op = entry.getValue().get(method);
                    if (op == null || !op.isObject()) {
                        continue;
                    }
                    Optional<PolicyTable.Rule> rule = ruleFor(rules, doc.service(), method, entry.getKey());
                    if (rule.isEmpty()) {
                        continue; // not reachable through the gateway
                    }
                    ObjectNode path = paths.has(rule.get().template()) ? (ObjectNode) paths.get(rule.get().template())
                            : paths.putObject(rule.get().template());
                    path.set(method, operation(doc.service(), source, entry.getValue(), (ObjectNode) op,
                            entry.getKey(), rule.get()));
                    documented.add(rule.get());
                }
            }
        }
        out.set("paths", sortedPaths(paths, rules));

        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.set(BEARER, JSON.objectNode().put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
                .put("description", "An OIDC access token of the portal's identity provider"
                        + (oidcUrl == null ? "" : " (" + oidcUrl + ")")
                        + ", audience partner-portal-gateway. Roles come from realm_access.roles; a partner user "
                        + "also carries the partnerId claim."));
        schemes.set(PROPOSAL_QUERY, JSON.objectNode().put("type", "apiKey").put("in", "query").put("name", "token")
                .put("description", "A proposal link: the RS256 token nda-service issued for the path's partner "
                        + "(or a legacy access code), as the token query parameter."));
        schemes.set(PROPOSAL_HEADER, JSON.objectNode().put("type", "apiKey").put("in", "header")
                .put("name", "X-Link-Token").put("description", "The same proposal link, as a header."));
        out.set("components", sortComponents(components));

        ArrayNode tagList = out.putArray("tags");
        tags.values().forEach(tagList::add);

        List<String> missing = rules.stream().filter(r -> !documented.contains(r))
                .map(r -> r.method() + " " + r.template()).toList();
        if (!missing.isEmpty()) {
            ArrayNode undocumented = out.putArray("x-undocumented-routes");
            missing.forEach(undocumented::add);
        }
        ObjectNode services = out.putObject("x-services");
        List<ServiceDoc> failed = new ArrayList<>();
        for (ServiceDoc doc : docs) {
            if (doc.available()) {
                services.putObject(doc.service()).put("status", "available");
            } else {
                services.putObject(doc.service()).put("status", "unavailable").put("reason", doc.error());
                failed.add(doc);
            }
        }
        if (!failed.isEmpty()) {
            ObjectNode partial = out.putObject("x-partial");
            partial.put("note", "Some services did not answer with their API document; their operations are "
                    + "missing here. Try again shortly.");
            ArrayNode list = partial.putArray("unavailable");
            failed.forEach(f -> list.addObject().put("service", f.service()).put("reason", f.error()));
            info.put("description", info.get("description").asText() + " PARTIAL: "
                    + String.join(", ", failed.stream().map(ServiceDoc::service).toList())
                    + " did not answer; see x-partial.");
        }
        return out;
    }

    // ---- components ----

    private static final List<String> SECTIONS = List.of("schemas", "responses", "parameters", "examples",
            "requestBodies", "headers", "links", "callbacks", "pathItems");

    /**
     * Per service, {@code #/components/<section>/<name>} → the new name, for every name two services
     * define differently (or that, while equal, refers to a name renamed in one of them).
     */
    static Map<String, Map<String, String>> renames(List<ServiceDoc> docs) {
        Map<String, Map<String, JsonNode>> defined = new LinkedHashMap<>(); // key → service → node
        for (ServiceDoc doc : docs) {
            for (String section : SECTIONS) {
                Iterator<Map.Entry<String, JsonNode>> it = doc.document().path("components").path(section).fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    defined.computeIfAbsent(COMPONENTS_PREFIX + section + "/" + e.getKey(), k -> new LinkedHashMap<>())
                            .put(doc.service(), e.getValue());
                }
            }
        }
        Set<String> renamed = new HashSet<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String, Map<String, JsonNode>> e : defined.entrySet()) {
                if (e.getValue().size() < 2 || renamed.contains(e.getKey())) {
                    continue;
                }
                List<JsonNode> versions = List.copyOf(e.getValue().values());
                boolean differ = versions.stream().anyMatch(v -> !v.equals(versions.get(0)));
                boolean refersToRenamed = versions.stream().anyMatch(v -> refs(v).stream().anyMatch(
                        r -> renamed.stream().anyMatch(n -> r.equals(n) || r.startsWith(n + "/"))));
                if (differ || refersToRenamed) {
                    renamed.add(e.getKey());
                    changed = true;
                }
            }
        }
        Map<String, Map<String, String>> result = new HashMap<>();
        for (String key : renamed) {
            String section = key.substring(COMPONENTS_PREFIX.length(), key.lastIndexOf('/'));
            String name = key.substring(key.lastIndexOf('/') + 1);
            for (String service : defined.get(key).keySet()) {
                result.computeIfAbsent(service, s -> new HashMap<>())
                        .put(key, COMPONENTS_PREFIX + section + "/" + service + "." + name);
            }
        }
        return result;
    }

    private static List<String> refs(JsonNode node) {
        List<String> refs = new ArrayList<>();
        collectRefs(node, refs);
        return refs;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }

    /** Rewrites, in place, every {@code $ref} that points at (or into) a renamed component. */
    static JsonNode rewriteRefs(JsonNode node, Map<String, String> renames) {
        if (renames.isEmpty()) {
            return node;
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                if (name.equals("$ref") && value.isTextual()) {
                    object.set(name, TextNode.valueOf(renamedRef(value.asText(), renames)));
                } else {
                    rewriteRefs(value, renames);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> rewriteRefs(n, renames));
        }
        return node;
    }

    private static String renamedRef(String ref, Map<String, String> renames) {
        for (Map.Entry<String, String> r : renames.entrySet()) {
            if (ref.equals(r.getKey())) {
                return r.getValue();
            }
            if (ref.startsWith(r.getKey() + "/")) {
                return r.getValue() + ref.substring(r.getKey().length());
            }
        }
        return ref;
    }

    private static void copyComponents(String service, JsonNode source, ObjectNode target,
            Map<String, String> renames) {
        for (String section : SECTIONS) {
            Iterator<Map.Entry<String, JsonNode>> it = source.path("components").path(section).fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = COMPONENTS_PREFIX + section + "/" + e.getKey();
                String name = renames.containsKey(key) ? renames.get(key).substring(key.lastIndexOf('/') + 1)
                        : e.getKey();
                ObjectNode sectionNode = target.has(section) ? (ObjectNode) target.get(section) : target.putObject(section);
                sectionNode.putIfAbsent(name, e.getValue());
            }
        }
    }

    private static ObjectNode sortComponents(ObjectNode components) {
        ObjectNode sorted = JSON.objectNode();
        List<String> sections = new ArrayList<>();
        components.fieldNames().forEachRemaining(sections::add);
        for (String section : sections) {
            ObjectNode s = sorted.putObject(section);
            List<String> names = new ArrayList<>();
            components.get(section).fieldNames().forEachRemaining(names::add);
            names.stream().sorted().forEach(n -> s.set(n, components.get(section).get(n)));
        }
        return sorted;
    }

    // ---- paths ----

    /** The gateway's rule for a service's operation, matched on the path's shape (parameter names aside). */
    static Optional<PolicyTable.Rule> ruleFor(List<PolicyTable.Rule> rules, String service, String method,
            String servicePath) {
        String shape = shape(servicePath);
        String m = method.toUpperCase(Locale.ROOT);
        return rules.stream().filter(r -> r.service().equals(service) && r.method().equals(m)
                && shape(r.template()).equals(shape)).findFirst();
    }

    static String shape(String template) {
        String p = template.length() > 1 && template.endsWith("/") ? template.substring(0, template.length() - 1)
                : template;
        return p.replaceAll("\\{[^/}]+}", "{}");
    }

    /** Parameter names by position: the service's name → the policy table's. */
    private static Map<String, String> paramRenames(String servicePath, String template) {
        List<String> from = params(servicePath);
        List<String> to = params(template);
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < Math.min(from.size(), to.size()); i++) {
            map.put(from.get(i), to.get(i));
        }
        return map;
    }

    private static List<String> params(String template) {
        List<String> names = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^/}]+)}").matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private ObjectNode operation(String service, JsonNode source, JsonNode pathItem, ObjectNode op,
            String servicePath, PolicyTable.Rule rule) {
        ObjectNode result = op.deepCopy();
        Map<String, String> names = paramRenames(servicePath, rule.template());

        // path-level parameters move into the operation (the merged path item may hold other services' operations)
        ArrayNode params = JSON.arrayNode();
        Set<String> seen = new HashSet<>();
        for (JsonNode p : iterable(result.path("parameters"))) {
            JsonNode resolved = resolve(source, p);
            seen.add(resolved.path("in").asText() + ":" + resolved.path("name").asText());
            params.add(renameParameter(source, p, names));
        }
        for (JsonNode p : iterable(pathItem.path("parameters"))) {
            JsonNode resolved = resolve(source, p);
            if (seen.add(resolved.path("in").asText() + ":" + resolved.path("name").asText())) {
                params.add(renameParameter(source, p, names));
            }
        }
        if (!params.isEmpty()) {
            result.set("parameters", params);
        }
        if (!result.has("summary") && pathItem.hasNonNull("summary")) {
            result.set("summary", pathItem.get("summary"));
        }

        Access access = rule.access();
        result.set("security", security(access));
        result.put("x-service", service);
        result.put("x-access", access.name());
        ArrayNode roles = JSON.arrayNode();
        roles(access).forEach(roles::add);
        result.set("x-roles", roles);
        if (rule.rate() != RateClass.NONE) {
            result.put("x-rate-limit", rule.rate().key());
        }
        if (access == Access.PORTAL) {
            result.put("x-credential", "The portal link is the path's {token} segment (p1.<partnerId>.<keyVersion>.<mac>).");
            for (JsonNode p : iterable(result.path("parameters"))) {
                if (p.isObject() && "path".equals(p.path("in").asText()) && "token".equals(p.path("name").asText())) {
                    ((ObjectNode) p).put("description", "The portal link token: it is the credential.");
                }
            }
        }
        ObjectNode responses = result.has("responses") && result.get("responses").isObject()
                ? (ObjectNode) result.get("responses") : result.putObject("responses");
        if (access != Access.PUBLIC) {
            gatewayResponse(responses, "401", "The credential is missing, expired or not valid here.");
        }
        if (access != Access.PUBLIC && access != Access.PROPOSAL && access != Access.PORTAL) {
            gatewayResponse(responses, "403", "The caller's role does not allow this request.");
        }
        if (rule.rate() != RateClass.NONE) {
            gatewayResponse(responses, "429", "Too many requests of this kind from the client's address (Retry-After).");
        }
        gatewayResponse(responses, "503", "The service is unreachable or paused after repeated failures.");
        gatewayResponse(responses, "504", "The service did not answer in time.");
        return result;
    }

    private static void gatewayResponse(ObjectNode responses, String status, String description) {
        if (!responses.has(status)) {
            ObjectNode r = responses.putObject(status);
            r.put("description", description + " (answered by the gateway, problem+json)");
            r.putObject("content").putObject("application/problem+json").putObject("schema").put("type", "object");
        }
    }

    private static JsonNode resolve(JsonNode source, JsonNode node) {
        if (node.hasNonNull("$ref") && node.get("$ref").asText().startsWith("#/")) {
            JsonNode target = source.at(node.get("$ref").asText().substring(1));
            return target.isMissingNode() ? node : target;
        }
        return node;
    }

    private static JsonNode renameParameter(JsonNode source, JsonNode p, Map<String, String> names) {
        JsonNode resolved = resolve(source, p);
        if (!"path".equals(resolved.path("in").asText())) {
            return p;
        }
        String name = resolved.path("name").asText();
        String to = names.get(name);
        if (to == null || to.equals(name)) {
            return p;
        }
        ObjectNode copy = ((ObjectNode) resolved).deepCopy();
        copy.put("name", to);
        return copy;
    }

    static ArrayNode security(Access access) {
        ArrayNode security = JSON.arrayNode();
        switch (access) {
            case PUBLIC -> {
                security.addObject(); // nothing needed; a token, when sent, is still verified
                security.addObject().putArray(BEARER);
            }
            case PROPOSAL -> {
                security.addObject().putArray(PROPOSAL_QUERY);
                security.addObject().putArray(PROPOSAL_HEADER);
            }
            case PORTAL -> {
                // the credential is a path segment, which no OpenAPI security scheme can express: see x-credential
            }
            default -> security.addObject().putArray(BEARER);
        }
        return security;
    }

    static List<String> roles(Access access) {
        return switch (access) {
            case PUBLIC -> List.of();
            case ADMIN -> List.of("admin", "super_admin");
            case SUPER_ADMIN -> List.of("super_admin");
            case PARTNER -> List.of("partner");
            case ADMIN_OR_PARTNER, ADMIN_OR_OWN_PARTNER -> List.of("admin", "super_admin", "partner");
            case PROPOSAL -> List.of("proposal-link");
            case PORTAL -> List.of("portal-link");
        };
    }

    /** The paths in the policy table's order, so the document reads like the table. */
    private static ObjectNode sortedPaths(ObjectNode paths, List<PolicyTable.Rule> rules) {
        ObjectNode sorted = JSON.objectNode();
        for (PolicyTable.Rule r : rules) {
            if (paths.has(r.template()) && !sorted.has(r.template())) {
                ObjectNode item = sorted.putObject(r.template());
                for (String method : METHODS) {
                    if (paths.get(r.template()).has(method)) {
                        item.set(method, paths.get(r.template()).get(method));
                    }
                }
            }
        }
        return sorted;
    }

    private static String openapiVersion(List<ServiceDoc> docs) {
        return docs.stream().map(d -> d.document().path("openapi").asText(""))
                .filter(v -> !v.isEmpty()).max(String::compareTo).orElse("3.1.0");
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node.isArray() ? node : List.of();
    }
}
