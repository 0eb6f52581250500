package org.partnerportal.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

/**
 * A minimal OTLP/HTTP trace collector inside the test JVM: the stack's services and gateway
 * export their spans here ({@code PP_OTEL_ENDPOINT}, protocol {@code http/protobuf}), and the
 * tests look up which services took part in a trace. It keeps only what they ask about.
 */
final class OtlpReceiver {

    /** One received span: the exporting service, ids in hex, its name and kind, its string attributes. */
    record Span(String service, String traceId, String spanId, String parentSpanId, String name, String kind,
            Map<String, String> attributes) {
    }

    private static OtlpReceiver running;

    private final HttpServer server;
    /**
     * Appended to by every export, read by the tests' polls. Not a copy-on-write list: by the time
     * the later tests run, the stack has exported a hundred thousand spans or more, and copying them
     * all on every add slowed the exports until the services' span queues dropped spans.
     */
    private final Queue<Span> spans = new ConcurrentLinkedQueue<>();

    private OtlpReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        // any path: OTLP/HTTP posts to <endpoint>/v1/traces, which exporters spell differently
        server.createContext("/", this::export);
        // exports are handled beside each other: one exporter's slow request never holds the others'
        // (without an executor, every request runs on the server's one dispatcher thread)
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "otlp-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** Starts the receiver once per test JVM, before the stack that exports to it. */
    static synchronized OtlpReceiver start(int port) {
        if (running == null) {
            try {
                running = new OtlpReceiver(port);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot listen for OTLP on port " + port, e);
            }
        }
        return running;
    }

    static OtlpReceiver get() {
        if (running == null) {
            throw new IllegalStateException("The OTLP receiver starts with the stack: call Stack.ensureUp() first");
        }
        return running;
    }

    List<Span> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /** Every span received so far. */
    List<Span> all() {
        return List.copyOf(spans);
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            record(ExportTraceServiceRequest.parseFrom(body));
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private void record(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String service = rs.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name")).map(KeyValue::getValue)
                    .map(v -> v.getStringValue()).findFirst().orElse("?");
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span s : ss.getSpansList()) {
                    Map<String, String> attributes = new java.util.HashMap<>();
                    s.getAttributesList().stream().filter(a -> a.getValue().hasStringValue())
                            .forEach(a -> attributes.put(a.getKey(), a.getValue().getStringValue()));
                    spans.add(new Span(service, hex.formatHex(s.getTraceId().toByteArray()),
                            hex.formatHex(s.getSpanId().toByteArray()), hex.formatHex(s.getParentSpanId().toByteArray()),
                            s.getName(), s.getKind().name(), Map.copyOf(attributes)));
                }
            }
        }
    }
}
