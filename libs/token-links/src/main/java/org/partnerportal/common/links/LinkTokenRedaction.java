package org.partnerportal.common.links;

import java.util.List;
import java.util.regex.Pattern;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;

/**
 * A token link is a credential, and spans leave the process when export is on: before a span is
 * recorded, the portal token in a path ({@code /portal/<token>}, {@code /api/portal/<token>/…})
 * and any {@code token=} query parameter (proposal and NDA links; its name also percent-encoded,
 * {@code %74oken=}) are replaced by a marker. The HTTP instrumentation sets these attributes when
 * the span starts, so {@link #onStart} sees them. Quarkus adds every {@link SpanProcessor} bean to
 * the tracer provider; this library is indexed, so the bean is in the gateway and in every service
 * (through service-common), whose server spans carry the portal token of {@code /api/portal/{token}}
 * paths in {@code url.path}. The OpenTelemetry and CDI APIs are the applications' own (provided here).
 */
@Singleton
@Unremovable
public class LinkTokenRedaction implements SpanProcessor {

    static final String MARK = "{redacted}";

    private static final List<AttributeKey<String>> URL_ATTRIBUTES = List.of(
            AttributeKey.stringKey("url.path"), AttributeKey.stringKey("url.query"),
            AttributeKey.stringKey("url.full"), AttributeKey.stringKey("http.target"),
            AttributeKey.stringKey("http.url"));

    private static final Pattern PORTAL_SEGMENT = Pattern.compile("(/portal/)[^/?#]+");
    /** {@code token=}, its letters possibly percent-encoded (the gateway decodes parameter names). */
    private static final Pattern TOKEN_PARAM = Pattern.compile(
            "((?:^|[?&])(?:t|%74)(?:o|%6[fF])(?:k|%6[bB])(?:e|%65)(?:n|%6[eE])=)[^&#]*");

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        for (AttributeKey<String> key : URL_ATTRIBUTES) {
            String value = span.getAttribute(key);
            if (value != null) {
                String clean = redact(value);
                if (!clean.equals(value)) {
                    span.setAttribute(key, clean);
                }
            }
        }
        String name = redact(span.getName());
        if (!name.equals(span.getName())) {
            span.updateName(name);
        }
    }

    /** The URL (or part of one) with every link token replaced by {@link #MARK}. */
    public static String redact(String url) {
        String path = PORTAL_SEGMENT.matcher(url).replaceAll("$1" + MARK);
        return TOKEN_PARAM.matcher(path).replaceAll("$1" + MARK);
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        // nothing: the attributes were cleaned when the span started
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
