package org.partnerportal.common.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/** What an exporter receives: no portal token in a path, no link token in a query. */
class LinkTokenRedactionTest {

    private static final String PORTAL = "p1.5e7d0000-0000-4000-8000-000000000001.1.c2VjcmV0LWhtYWM";

    @Test
    void exportedSpansCarryNoLinkToken() {
        List<SpanData> exported = new ArrayList<>();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(new LinkTokenRedaction())
                .addSpanProcessor(SimpleSpanProcessor.create(new Collecting(exported)))
                .build();

        Span portal = provider.get("test").spanBuilder("GET /api/portal/" + PORTAL + "/timeline")
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("url.path", "/api/portal/" + PORTAL + "/timeline")
                .startSpan();
        portal.end();
        Span proposal = provider.get("test").spanBuilder("GET")
                .setAttribute("url.path", "/api/proposals/5e7d0000-0000-4000-8000-000000000001")
                .setAttribute("url.query", "lang=ar&token=eyJhbGciOiJSUzI1NiJ9.e30.sig")
                .setAttribute("url.full", "http://gw/sign/x/nda?token=eyJ.e30.sig#top")
                .startSpan();
        proposal.end();
        provider.close();

        assertEquals(2, exported.size());
        SpanData p = exported.get(0);
        assertEquals("GET /api/portal/{redacted}/timeline", p.getName());
        assertEquals("/api/portal/{redacted}/timeline", p.getAttributes().get(AttributeKey.stringKey("url.path")));
        SpanData q = exported.get(1);
        assertEquals("/api/proposals/5e7d0000-0000-4000-8000-000000000001", q.getAttributes().get(AttributeKey.stringKey("url.path")));
        assertEquals("lang=ar&token={redacted}", q.getAttributes().get(AttributeKey.stringKey("url.query")));
        assertEquals("http://gw/sign/x/nda?token={redacted}#top", q.getAttributes().get(AttributeKey.stringKey("url.full")));
        assertFalse(exported.toString().contains(PORTAL));
        assertFalse(exported.toString().contains("eyJ"));
    }

    @Test
    void urlsWithoutTokensAreLeftAlone() {
        assertEquals("/api/partners?tier=gold&page=2", LinkTokenRedaction.redact("/api/partners?tier=gold&page=2"));
        assertEquals("/api/partners?mytoken=x", LinkTokenRedaction.redact("/api/partners?mytoken=x"));
        assertEquals("/portal/{redacted}", LinkTokenRedaction.redact("/portal/" + PORTAL));
        // the name spelled with percent escapes is still the link token
        assertEquals("/api/proposals/x?%74oken={redacted}&lang=ar",
                LinkTokenRedaction.redact("/api/proposals/x?%74oken=eyJ.e30.sig&lang=ar"));
        assertEquals("?a=1&t%6Fk%65n={redacted}", LinkTokenRedaction.redact("?a=1&t%6Fk%65n=eyJ.e30.sig"));
    }

    private record Collecting(List<SpanData> into) implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            into.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
