package org.partnerportal.gateway.docs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.partnerportal.gateway.config.GatewayConfig;
import org.partnerportal.gateway.policy.PolicyTable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The gateway's API documents, public and outside {@code /api}:
 * <ul>
 * <li>{@code GET /q/openapi[?format=json|yaml]}: one OpenAPI document of everything the gateway
 * routes, merged from the services' {@code /q/openapi} ({@link OpenApiMerger}), cached briefly; a
 * service that does not answer is reported under {@code x-partial} instead of failing the whole;</li>
 * <li>{@code GET /asyncapi}: the index of the services' AsyncAPI documents, which are copied into the
 * gateway at build time and served as static files under {@code /asyncapi/<service>/}.</li>
 * </ul>
 * The gateway has no smallrye-openapi of its own, so {@code /q/openapi} is free for the merged document;
 * the Swagger UI ({@code quarkus-swagger-ui}, {@code /q/swagger-ui}) points at it.
 */
@Singleton
public class ApiDocs {

    private static final Logger LOG = Logger.getLogger(ApiDocs.class);

    /** Services in the policy table's order; any other configured service follows. */
    private static final List<String> ORDER = List.of(PolicyTable.PARTNER, PolicyTable.ENGAGEMENT, PolicyTable.NDA,
            PolicyTable.NOTIFICATION);

    static final String ASYNCAPI_RESOURCES = "META-INF/resources/asyncapi/";

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build()).build();

    private final GatewayConfig gateway;
    private final DocsConfig config;
    private final Vertx vertx;
    private final ObjectMapper json;
    private final OpenApiMerger merger;
    private HttpClient client;

    private record Cached(Future<ObjectNode> document, long expiresAtNanos) {
    }

    private Cached cached;
    private volatile ObjectNode asyncApiIndex;

    ApiDocs(GatewayConfig gateway, DocsConfig config, Vertx vertx, ObjectMapper json,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> oidcUrl) {
        this.gateway = gateway;
        this.config = config;
        this.vertx = vertx;
        this.json = json;
        this.merger = new OpenApiMerger(config.title(), config.version(), oidcUrl.orElse(null));
    }

    void install(@Observes Router router) {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(4)
                .setConnectTimeout((int) config.fetchTimeout().toMillis()));
        router.get("/q/openapi").handler(this::openapi);
        router.get("/asyncapi").handler(this::asyncapi);
        router.get("/asyncapi/").handler(this::asyncapi);
    }

    // ---- OpenAPI ----

    void openapi(RoutingContext rc) {
        boolean yaml = wantsYaml(rc);
        merged().onComplete(result -> {
            if (result.failed()) {
                LOG.errorf(result.cause(), "Merging the OpenAPI documents failed");
                rc.response().setStatusCode(500).putHeader("Content-Type", "application/problem+json")
                        .end("{\"type\":\"https://partnerportal.org/problems/internal-error\",\"title\":\"Internal error\","
                                + "\"status\":500,\"detail\":\"The API document could not be assembled.\"}");
                return;
            }
            try {
                String body = yaml ? YAML.writeValueAsString(result.result()) : json.writeValueAsString(result.result());
                headers(rc).putHeader("Content-Type", yaml ? "application/yaml;charset=UTF-8" : "application/json")
                        .end(body);
            } catch (IOException e) {
                rc.fail(e);
            }
        });
    }

    private static boolean wantsYaml(RoutingContext rc) {
        String format = rc.request().getParam("format");
        if (format != null) {
            return !format.toLowerCase(Locale.ROOT).equals("json");
        }
        String accept = rc.request().getHeader("Accept");
        return accept == null || !accept.contains("json");
    }

    private static io.vertx.core.http.HttpServerResponse headers(RoutingContext rc) {
        return rc.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "no-cache")
                .putHeader("Access-Control-Allow-Origin", "*");
    }

    /** The merged document: the cached one while fresh, else one fetch of every service shared by all callers. */
    synchronized Future<ObjectNode> merged() {
        long now = System.nanoTime();
        if (cached != null && now - cached.expiresAtNanos() < 0) {
            return cached.document();
        }
        Future<ObjectNode> document = fetchAll().map(docs -> merger.merge(docs, PolicyTable.rules()));
        Cached inFlight = new Cached(document, now + Long.MAX_VALUE / 2);
        cached = inFlight;
        document.onComplete(done -> {
            synchronized (this) {
                if (cached == inFlight) {
                    long ttl = done.succeeded() && !done.result().has("x-partial") ? config.cacheTtl().toNanos()
                            : done.succeeded() ? config.partialCacheTtl().toNanos() : 0;
                    cached = new Cached(document, System.nanoTime() + ttl);
                }
            }
        });
        return document;
    }

    /** Forget the cached document (tests). */
    synchronized void invalidate() {
        cached = null;
    }

    private Future<List<OpenApiMerger.ServiceDoc>> fetchAll() {
        List<Future<OpenApiMerger.ServiceDoc>> fetches = new ArrayList<>();
        for (String service : services()) {
            fetches.add(fetch(service, gateway.services().get(service)));
        }
        return Future.join(fetches).map(all -> fetches.stream().map(Future::result).toList());
    }

    /** Never fails: a service that cannot be asked gives a document with the reason. */
    private Future<OpenApiMerger.ServiceDoc> fetch(String service, String baseUrl) {
        String url = baseUrl.replaceAll("/+$", "") + "/q/openapi?format=json";
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setIdleTimeout(config.fetchTimeout().toMillis()).putHeader("Accept", "application/json");
        return client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200 ? response.body()
                        : Future.failedFuture("answered HTTP " + response.statusCode()))
                .map(body -> {
                    try {
                        JsonNode doc = json.readTree(body.getBytes());
                        if (!doc.isObject() || !doc.has("paths")) {
                            return OpenApiMerger.ServiceDoc.failed(service, "answered something that is not an OpenAPI document");
                        }
                        return OpenApiMerger.ServiceDoc.ok(service, doc);
                    } catch (IOException e) {
                        return OpenApiMerger.ServiceDoc.failed(service, "answered invalid JSON");
                    }
                })
                .otherwise(failure -> {
                    String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
                    LOG.warnf("No OpenAPI document from %s: %s", service, reason);
                    return OpenApiMerger.ServiceDoc.failed(service, reason.startsWith("answered") ? reason
                            : "unreachable or too slow (" + reason + ")");
                });
    }

    private List<String> services() {
        return gateway.services().keySet().stream()
                .sorted(Comparator.comparingInt((String s) -> ORDER.indexOf(s) < 0 ? ORDER.size() : ORDER.indexOf(s))
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    // ---- AsyncAPI ----

    void asyncapi(RoutingContext rc) {
        try {
            headers(rc).putHeader("Content-Type", "application/json").end(json.writeValueAsString(asyncApiIndex()));
        } catch (IOException e) {
            rc.fail(e);
        }
    }

    ObjectNode asyncApiIndex() {
        ObjectNode index = asyncApiIndex;
        if (index == null) {
            index = buildAsyncApiIndex();
            asyncApiIndex = index;
        }
        return index;
    }

    private ObjectNode buildAsyncApiIndex() {
        ObjectNode index = JsonNodeFactory.instance.objectNode();
        index.put("description", "The events each service publishes and consumes (Kafka, binary CloudEvents), "
                + "one AsyncAPI document per producer; the JSON Schemas it references sit next to it.");
        ArrayNode documents = index.putArray("documents");
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String service : services()) {
            String resource = ASYNCAPI_RESOURCES + service + "/asyncapi.yaml";
            URL url = loader.getResource(resource);
            if (url == null) {
                continue;
            }
            ObjectNode entry = documents.addObject();
            entry.put("service", service);
            entry.put("url", "/asyncapi/" + service + "/asyncapi.yaml");
            try (InputStream in = url.openStream()) {
                JsonNode doc = YAML.readTree(in);
                entry.put("asyncapi", doc.path("asyncapi").asText(null));
                entry.put("title", doc.path("info").path("title").asText(null));
                entry.put("version", doc.path("info").path("version").asText(null));
                ArrayNode channels = entry.putArray("channels");
                doc.path("channels").fields().forEachRemaining(c -> channels.add(c.getValue().path("address").asText(c.getKey())));
            } catch (IOException e) {
                LOG.warnf("The AsyncAPI document of %s is not readable: %s", service, e.getMessage());
                entry.put("error", "not readable");
            }
        }
        return index;
    }
}
