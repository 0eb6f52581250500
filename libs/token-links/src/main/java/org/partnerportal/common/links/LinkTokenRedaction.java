package org.partnerportal.gateway.observability;

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
 * and any {@code token=} query parameter (proposal and NDA links) are replaced by a marker. The
 * HTTP instrumentation sets these attributes when the span starts, so {@link #onStart} sees them.
 * Quarkus adds every {@link SpanProcessor} bean to the tracer provider.
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
    private static final Pattern TOKEN_PARAM = Pattern.compile("((?:^|[?&])token=)[^&#]*");

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
    static String redact(String url) {
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
