package org.partnerportal.systemtests;

import java.util.Map;

/**
 * One request the fuzzer sends: what kind of input it is ({@code valid}, {@code wrong-type},
 * {@code malformed-json}, …), the raw path and query (already encoded), headers, and the body as
 * bytes so that broken JSON and wrong media types go out exactly as generated. {@code mistypedQuery}
 * names the query parameter given a value its type cannot hold ({@code size=abc}), else null.
 */
record FuzzRequest(FuzzOperation op, FuzzCaller caller, String kind, String pathAndQuery,
        Map<String, String> headers, String contentType, byte[] body, String mistypedQuery) {

    /** Short enough for a report line: method, path, kind and the start of the body. */
    String describe() {
        String text = body == null ? "" : new String(body, 0, Math.min(body.length, 160), java.nio.charset.StandardCharsets.UTF_8);
        String path = pathAndQuery.length() > 160 ? pathAndQuery.substring(0, 160) + "…" : pathAndQuery;
        return op.method() + " " + path + " as " + caller.label() + " [" + kind + "] "
                + (contentType == null ? "" : contentType + " ") + text.replace('\n', ' ');
    }
}
