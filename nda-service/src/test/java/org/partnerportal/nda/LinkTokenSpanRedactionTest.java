package org.partnerportal.nda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.partnerportal.common.links.LinkTokenRedaction;

import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * This service's server spans carry the raw path, and a portal path holds the portal token
 * ({@code /api/portal/{token}}): the link-token redaction is one of the span processors Quarkus
 * adds to its tracer here too, as at the gateway, so that no exported span carries a token.
 */
@QuarkusTest
@WithTestResource(NdaTestResource.class)
class LinkTokenSpanRedactionTest {

    @Inject
    @Any
    Instance<SpanProcessor> processors;

    @Test
    void theServiceRedactsLinkTokensFromItsSpans() {
        List<SpanProcessor> redactions = processors.stream().filter(p -> p instanceof LinkTokenRedaction).toList();
        assertEquals(1, redactions.size(), "one link-token redaction among the span processors");
        assertTrue(LinkTokenRedaction.redact("/api/portal/p1.abc.1.c2lnbmF0dXJl/documents/d1")
                .equals("/api/portal/{redacted}/documents/d1"));
    }
}
